import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

export type { components, operations, paths } from "./generated/schema.js";

export type Influencer = components["schemas"]["Influencer"];
export type InfluencerPage = components["schemas"]["InfluencerPage"];
export type CreateInfluencerBody = components["schemas"]["CreateInfluencerBody"];
export type PatchInfluencerBody = components["schemas"]["PatchInfluencerBody"];
export type CloneInfluencerBody = components["schemas"]["CloneInfluencerBody"];
export type InfluencerStatus = components["schemas"]["InfluencerStatus"];
export type ErrorResponse = components["schemas"]["ErrorResponse"];
export type ApiError = components["schemas"]["ApiError"];
export type ErrorCode = components["schemas"]["ErrorCode"];
export type ValidationDetails = components["schemas"]["ValidationDetails"];

export type LayersClient = Client<paths>;

export interface LayersClientOptions extends Omit<ClientOptions, "baseUrl" | "headers"> {
  /** An API key of your org, `lyr_...`: sent as the bearer token of every request. */
  apiKey: string;
  /** Defaults to the production API. */
  baseUrl?: string;
}

/** An openapi-fetch client of the Layers API, typed by the generated `paths`. */
export function createLayersClient({ apiKey, baseUrl = "https://api.layers.com", ...options }: LayersClientOptions): LayersClient {
  return createClient<paths>({ ...options, baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

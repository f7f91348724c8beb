// The client against a real API and PostgreSQL: run by tests/Layers.IntegrationTests/Clients,
// which starts the API and passes its address, a key of a fresh org and that org's project.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { createLayersClient, type CreateInfluencerBody, type Influencer } from "../src/index.js";

function setting(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: these tests run against a real API (see README.md).`);
  return value;
}

const client = createLayersClient({ baseUrl: setting("LAYERS_BASE_URL"), apiKey: setting("LAYERS_API_KEY") });
const projectId = setting("LAYERS_PROJECT_ID");

async function create(name: string, language = "en"): Promise<Influencer> {
  const { data, error } = await client.POST("/v1/influencers", { body: { projectId, name, gender: "female", ageRange: "young_adult", language } });
  assert.equal(error, undefined);
  return data!;
}

test("the spec's PATCH example changes the brand voice and the language, and nothing else", async () => {
  const influencer = await create("Ava Chen");

  const { data, response } = await client.PATCH("/v1/influencers/{influencerId}", {
    params: { path: { influencerId: influencer.influencerId } },
    body: { brandVoice: "casual", language: "es-MX" },
  });

  assert.equal(response.status, 200);
  assert.deepEqual(data, { ...influencer, brandVoice: "casual", language: "es-MX", updatedAt: data!.updatedAt });
});

test("a create sent again with its Idempotency-Key is replayed and creates once", async () => {
  const body: CreateInfluencerBody = { projectId, name: `Replayed ${randomUUID()}`, gender: "male" };
  const key = randomUUID();

  const first = await client.POST("/v1/influencers", { body, params: { header: { "Idempotency-Key": key } } });
  const replay = await client.POST("/v1/influencers", { body, params: { header: { "Idempotency-Key": key } } });

  assert.deepEqual([first.response.status, replay.response.status], [201, 201]);
  assert.equal(first.response.headers.get("Idempotent-Replayed"), null);
  assert.equal(replay.response.headers.get("Idempotent-Replayed"), "true");
  assert.deepEqual(replay.data, first.data);
  assert.equal(replay.response.headers.get("ETag"), first.response.headers.get("ETag"));
});

test("walking every page lists each influencer once", async () => {
  const created: string[] = [];
  for (let i = 0; i < 3; i++) {
    created.push((await create(`Walked ${i}`)).influencerId);
  }

  const walked: string[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await client.GET("/v1/influencers", { params: { query: { projectId, limit: 2, cursor } } });
    assert.equal(error, undefined);
    assert.ok(data!.data.length <= 2);
    walked.push(...data!.data.map((influencer) => influencer.influencerId));
    cursor = data!.nextCursor ?? undefined;
  } while (cursor !== undefined);

  // Other tests create in the same project; the order of a page is the API's rule, tested with it.
  assert.equal(new Set(walked).size, walked.length);
  assert.deepEqual(walked.filter((id) => created.includes(id)).sort(), [...created].sort());
});

test("a clone is a new influencer in the other language with the source's traits", async () => {
  const source = await create("Ava Chen");

  const { data, response } = await client.POST("/v1/influencers/{influencerId}/clone", {
    params: { path: { influencerId: source.influencerId } },
    body: { language: "es-MX", name: "Ava Chen (MX)" },
  });

  assert.equal(response.status, 201);
  assert.notEqual(data!.influencerId, source.influencerId);
  assert.deepEqual(
    [data!.projectId, data!.name, data!.gender, data!.ageRange, data!.brandVoice, data!.language],
    [projectId, "Ava Chen (MX)", "female", "young_adult", "authentic", "es-MX"],
  );
});

test("an invalid body answers 422 with its field errors", async () => {
  const influencer = await create("Ava Chen");

  const { error, response } = await client.PATCH("/v1/influencers/{influencerId}", {
    params: { path: { influencerId: influencer.influencerId } },
    body: { language: "english" },
  });

  assert.equal(response.status, 422);
  assert.equal(error!.error.code, "VALIDATION");
  assert.deepEqual(error!.error.details, { formErrors: [], fieldErrors: { language: ["Unknown language subtag 'english'."] } });
});

test("a missing influencer answers 404", async () => {
  const { error, response } = await client.GET("/v1/influencers/{influencerId}", { params: { path: { influencerId: `inf_${randomUUID()}` } } });

  assert.equal(response.status, 404);
  assert.equal(error!.error.code, "NOT_FOUND");
  assert.match(error!.error.requestId, /^req_/);
});

test("a PATCH If-Match an old version answers 412 and changes nothing", async () => {
  const influencer = await create("Ava Chen");
  const path = { influencerId: influencer.influencerId };
  const read = await client.GET("/v1/influencers/{influencerId}", { params: { path } });
  const version = read.response.headers.get("ETag")!;
  const changed = await client.PATCH("/v1/influencers/{influencerId}", { params: { path, header: { "If-Match": version } }, body: { name: "Ava" } });
  assert.equal(changed.response.status, 200);

  const { error, response } = await client.PATCH("/v1/influencers/{influencerId}", {
    params: { path, header: { "If-Match": version } },
    body: { name: "Someone else" },
  });

  assert.equal(response.status, 412);
  assert.equal(error!.error.code, "PRECONDITION_FAILED");
  assert.equal((await client.GET("/v1/influencers/{influencerId}", { params: { path } })).data!.name, "Ava");
});

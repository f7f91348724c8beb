using System.Net;
using System.Net.Sockets;

namespace Layers.Api.Proxies;

/// <summary>
/// The client address that per-address limits count against. An IPv6 client is counted by its
/// /64 network, which one subscriber usually holds whole: counting each of its 2^64 addresses
/// apart would let one client multiply its budgets at will.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Partition(context.Connection.RemoteIpAddress);
    }

    public static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}

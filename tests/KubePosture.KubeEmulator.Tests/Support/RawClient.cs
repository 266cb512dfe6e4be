using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Tests.Support;

/// <summary>Plain HTTPS requests that validate the emulator's certificate against its CA (no client library in between).</summary>
public sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;

    public RawClient(KubeEmulatorServer server, string? token)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(server.CaCertificate.RawData));
        _http = new HttpClient(handler) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Http => _http;

    public async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(int Code, JsonNode? Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<(int Code, JsonNode? Body)> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Code, JsonNode? Body)> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(int Code, JsonNode? Body)> PatchAsync(string path, string body, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<(int Code, JsonNode? Body)> DeleteAsync(string path, string? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public void Dispose() => _http.Dispose();
}

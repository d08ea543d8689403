using System.Text;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;

namespace NgheAn.ServiceDefaults.Text;

/// <summary>A CSV served by an RPC that returns google.api.HttpBody (text/csv over JSON).</summary>
public static class CsvDownload
{
    /// <summary>
    /// The file with a UTF-8 BOM, so spreadsheet programs read the Vietnamese text as UTF-8; over
    /// JSON it also gets a file name (Content-Disposition).
    /// </summary>
    public static HttpBody Create(ServerCallContext context, string fileName, string csv)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName }.ToString();
        }

        return new HttpBody
        {
            ContentType = "text/csv; charset=utf-8",
            Data = ByteString.CopyFrom([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]),
        };
    }
}

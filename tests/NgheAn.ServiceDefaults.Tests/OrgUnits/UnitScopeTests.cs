using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging.OrgUnits;

namespace NgheAn.ServiceDefaults.Tests.OrgUnits;

public sealed class UnitScopeTests
{
    [Theory]
    [InlineData("tw/nghe-an", "tw/nghe-an", true)]
    [InlineData("tw/nghe-an/phuong-truong-vinh", "tw/nghe-an", true)]
    [InlineData("tw/nghe-an/phuong-truong-vinh/chi-bo-khoi-1", "tw/nghe-an", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b/c", "a/b", true)]
    [InlineData("a/bc", "a/b", false)]
    [InlineData("a/b-c", "a/b", false)]
    [InlineData("tw/nghe-an/phuong-vinh-hung", "tw/nghe-an/phuong-vinh", false)]
    [InlineData("tw/nghe-an/phuong-thanh-vinh", "tw/nghe-an/phuong-truong-vinh", false)]
    [InlineData("tw/nghe-an", "tw/nghe-an/phuong-truong-vinh", false)]
    [InlineData("tw", "tw/nghe-an", false)]
    [InlineData("TW/nghe-an", "tw", false)]
    public void IsWithin(string path, string rootPath, bool within)
    {
        Assert.Equal(within, UnitScope<DbContext>.IsWithin(path, rootPath));
    }
}

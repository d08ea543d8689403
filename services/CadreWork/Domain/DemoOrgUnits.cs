namespace NgheAn.CadreWork.Domain;

/// <summary>
/// A demonstration tree for Nghệ An so front-end teams have data to call: the province, the
/// former district-level towns (historic since 1 July 2025) and the eleven wards that continue them,
/// provincial Party committees directly under the province, and some party cells. Communes are
/// not listed here; load the official list through CreateOrgUnit.
/// </summary>
public static class DemoOrgUnits
{
    private static readonly DateOnly Reform = OrgUnitLevels.DistrictsAbolished;
    private static readonly DateOnly LastDistrictDay = Reform.AddDays(-1);
    private static readonly DateOnly NgheAnReestablished = new(1991, 8, 12);

    public static IReadOnlyList<ProposedUnit> Units { get; } =
    [
        Unit("tw", "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", OrgUnitLevels.Central, null, new(1930, 2, 3)),
        Unit("nghe-an", "Đảng bộ tỉnh Nghệ An", OrgUnitLevels.Province, "tw", NgheAnReestablished),

        Historic("thanh-pho-vinh", "Đảng bộ thành phố Vinh", NgheAnReestablished),
        Historic("thi-xa-cua-lo", "Đảng bộ thị xã Cửa Lò", new(1994, 8, 29)),
        Historic("thi-xa-hoang-mai", "Đảng bộ thị xã Hoàng Mai", new(2013, 4, 3)),
        Historic("thi-xa-thai-hoa", "Đảng bộ thị xã Thái Hòa", new(2007, 11, 15)),

        Ward("phuong-truong-vinh", "Đảng bộ phường Trường Vinh", "thanh-pho-vinh"),
        Ward("phuong-thanh-vinh", "Đảng bộ phường Thành Vinh", "thanh-pho-vinh"),
        Ward("phuong-vinh-hung", "Đảng bộ phường Vinh Hưng", "thanh-pho-vinh"),
        Ward("phuong-vinh-phu", "Đảng bộ phường Vinh Phú", "thanh-pho-vinh"),
        Ward("phuong-vinh-loc", "Đảng bộ phường Vinh Lộc", "thanh-pho-vinh"),
        Ward("phuong-cua-lo", "Đảng bộ phường Cửa Lò", "thi-xa-cua-lo"),
        Ward("phuong-hoang-mai", "Đảng bộ phường Hoàng Mai", "thi-xa-hoang-mai"),
        Ward("phuong-tan-mai", "Đảng bộ phường Tân Mai", "thi-xa-hoang-mai"),
        Ward("phuong-quynh-mai", "Đảng bộ phường Quỳnh Mai", "thi-xa-hoang-mai"),
        Ward("phuong-thai-hoa", "Đảng bộ phường Thái Hòa", "thi-xa-thai-hoa"),
        Ward("phuong-tay-hieu", "Đảng bộ phường Tây Hiếu", "thi-xa-thai-hoa"),

        Unit("bo-doi-bien-phong-tinh", "Đảng bộ Bộ đội Biên phòng tỉnh Nghệ An", OrgUnitLevels.Grassroots, "nghe-an", NgheAnReestablished),
        Unit("chi-bo-don-bien-phong-nam-can", "Chi bộ Đồn Biên phòng Nậm Cắn", OrgUnitLevels.Cell, "bo-doi-bien-phong-tinh", NgheAnReestablished),

        Unit("chi-bo-khoi-1-truong-vinh", "Chi bộ khối 1, phường Trường Vinh", OrgUnitLevels.Cell, "phuong-truong-vinh", Reform),
        Unit("chi-bo-khoi-2-truong-vinh", "Chi bộ khối 2, phường Trường Vinh", OrgUnitLevels.Cell, "phuong-truong-vinh", Reform),
        Unit("chi-bo-khoi-1-vinh-hung", "Chi bộ khối 1, phường Vinh Hưng", OrgUnitLevels.Cell, "phuong-vinh-hung", Reform),
    ];

    private static ProposedUnit Unit(string id, string name, string level, string? parent, DateOnly from) =>
        new(id, name, level, parent, from, null, []);

    private static ProposedUnit Historic(string id, string name, DateOnly from) =>
        new(id, name, OrgUnitLevels.District, "nghe-an", from, LastDistrictDay, []);

    private static ProposedUnit Ward(string id, string name, string predecessor) =>
        new(id, name, OrgUnitLevels.Commune, "nghe-an", Reform, null, [predecessor]);
}

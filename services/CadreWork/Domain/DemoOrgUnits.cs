namespace NgheAn.CadreWork.Domain;

/// <summary>
/// A demonstration tree for Nghệ An so front-end teams have data to call: the province, the
/// former district-level towns (historic since 1 July 2025), the province's 130 commune-level units
/// from 1 July 2025 (119 communes and the 11 wards, each ward continuing a historic town; the list is
/// <see cref="NgheAnCommuneUnits2025"/>), provincial Party committees directly under the province,
/// and some party cells.
/// </summary>
public static class DemoOrgUnits
{
    private static readonly DateOnly Reform = OrgUnitLevels.DistrictsAbolished;
    private static readonly DateOnly LastDistrictDay = Reform.AddDays(-1);
    private static readonly DateOnly NgheAnReestablished = new(1991, 8, 12);

    // The historic town each ward continues (its predecessor in the tree). Declared before Units,
    // which reads it while the class initialises.
    private static readonly Dictionary<string, string> WardPredecessors = new(StringComparer.Ordinal)
    {
        ["phuong-truong-vinh"] = "thanh-pho-vinh",
        ["phuong-thanh-vinh"] = "thanh-pho-vinh",
        ["phuong-vinh-hung"] = "thanh-pho-vinh",
        ["phuong-vinh-phu"] = "thanh-pho-vinh",
        ["phuong-vinh-loc"] = "thanh-pho-vinh",
        ["phuong-cua-lo"] = "thanh-pho-vinh",
        ["phuong-hoang-mai"] = "thi-xa-hoang-mai",
        ["phuong-tan-mai"] = "thi-xa-hoang-mai",
        ["phuong-quynh-mai"] = "thi-xa-hoang-mai",
        ["phuong-thai-hoa"] = "thi-xa-thai-hoa",
        ["phuong-tay-hieu"] = "thi-xa-thai-hoa",
    };

    public static IReadOnlyList<ProposedUnit> Units { get; } =
    [
        Unit("tw", "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", OrgUnitLevels.Central, null, new(1930, 2, 3)),
        Unit("nghe-an", "Đảng bộ tỉnh Nghệ An", OrgUnitLevels.Province, "tw", NgheAnReestablished),

        // Cửa Lò joined Vinh on 1 December 2024 (Nghị quyết 1243/NQ-UBTVQH15), before the districts ended.
        Historic("thi-xa-cua-lo", "Đảng bộ thị xã Cửa Lò", new(1994, 8, 29), to: new(2024, 11, 30)),
        Historic("thanh-pho-vinh", "Đảng bộ thành phố Vinh", NgheAnReestablished, predecessors: ["thi-xa-cua-lo"]),
        Historic("thi-xa-hoang-mai", "Đảng bộ thị xã Hoàng Mai", new(2013, 4, 3)),
        Historic("thi-xa-thai-hoa", "Đảng bộ thị xã Thái Hòa", new(2007, 11, 15)),

        .. CommuneLevelUnits(),

        Unit("bo-doi-bien-phong-tinh", "Đảng bộ Bộ đội Biên phòng tỉnh Nghệ An", OrgUnitLevels.Grassroots, "nghe-an", NgheAnReestablished),
        Unit("chi-bo-don-bien-phong-nam-can", "Chi bộ Đồn Biên phòng Nậm Cắn", OrgUnitLevels.Cell, "bo-doi-bien-phong-tinh", NgheAnReestablished),

        Unit("chi-bo-khoi-1-truong-vinh", "Chi bộ khối 1, phường Trường Vinh", OrgUnitLevels.Cell, "phuong-truong-vinh", Reform),
        Unit("chi-bo-khoi-2-truong-vinh", "Chi bộ khối 2, phường Trường Vinh", OrgUnitLevels.Cell, "phuong-truong-vinh", Reform),
        Unit("chi-bo-khoi-1-vinh-hung", "Chi bộ khối 1, phường Vinh Hưng", OrgUnitLevels.Cell, "phuong-vinh-hung", Reform),
        Unit("chi-bo-xom-1-kim-lien", "Chi bộ xóm 1, xã Kim Liên", OrgUnitLevels.Cell, "xa-kim-lien", Reform),
        Unit("chi-bo-xom-2-kim-lien", "Chi bộ xóm 2, xã Kim Liên", OrgUnitLevels.Cell, "xa-kim-lien", Reform),
    ];

    // The predecessor communes themselves are not units; their names stay in the data file.
    private static IEnumerable<ProposedUnit> CommuneLevelUnits() =>
        NgheAnCommuneUnits2025.All.Select(u => u.Kind == NgheAnCommuneUnits2025.Ward
            ? Ward(u.Id, $"Đảng bộ {u.FullName}", WardPredecessors.TryGetValue(u.Id, out var town)
                ? town
                : throw new InvalidOperationException($"No historic town is known for the ward '{u.Id}'."))
            : Commune(u.Id, $"Đảng bộ {u.FullName}"));

    private static ProposedUnit Unit(string id, string name, string level, string? parent, DateOnly from) =>
        new(id, name, level, parent, from, null, []);

    private static ProposedUnit Historic(string id, string name, DateOnly from, DateOnly? to = null, string[]? predecessors = null) =>
        new(id, name, OrgUnitLevels.District, "nghe-an", from, to ?? LastDistrictDay, predecessors ?? []);

    private static ProposedUnit Ward(string id, string name, string predecessor) =>
        new(id, name, OrgUnitLevels.Commune, "nghe-an", Reform, null, [predecessor]);

    private static ProposedUnit Commune(string id, string name) =>
        new(id, name, OrgUnitLevels.Commune, "nghe-an", NgheAnCommuneUnits2025.Established, null, []);
}

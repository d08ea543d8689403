using NgheAn.Emulation.Domain;

namespace NgheAn.Emulation.Tests.Domain;

public sealed class DuplicateNominationsTests
{
    private static readonly NominationTitle[] Existing =
    [
        new("n1", "xa-kim-lien", "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới"),
        new("n2", "xa-kim-lien", "Chi bộ kiểu mẫu học tập và làm theo lời Bác"),
        new("n3", "phuong-truong-vinh", "Mô hình dân vận khéo trong xây dựng nông thôn mới"),
    ];

    [Fact]
    public void Same_unit_similar_title_without_diacritics_is_flagged()
    {
        var flagged = DuplicateNominations.LikelyDuplicates("xa-kim-lien", "mo hinh DAN VAN KHEO xay dung nong thon moi", Existing);
        Assert.Equal(["n1"], flagged.Select(n => n.Id));
    }

    [Fact]
    public void Another_unit_or_another_practice_is_not_flagged()
    {
        Assert.Empty(DuplicateNominations.LikelyDuplicates("xa-nam-dan", "Mô hình dân vận khéo trong xây dựng nông thôn mới", Existing));
        Assert.Empty(DuplicateNominations.LikelyDuplicates("xa-kim-lien", "Tổ tự quản an ninh trật tự khu dân cư", Existing));
    }

    [Fact]
    public void Similarity_is_the_overlap_of_the_shorter_titles_words()
    {
        Assert.Equal(1.0, DuplicateNominations.Similarity("Dân vận khéo", "Mô hình dân vận khéo ở xóm 3"));
        Assert.Equal(0.0, DuplicateNominations.Similarity("", "Dân vận khéo"));
        Assert.InRange(DuplicateNominations.Similarity("Dân vận khéo xóm 1", "Dân vận khéo xóm 2"), 0.7, 0.8);
    }
}

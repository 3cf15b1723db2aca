using System.Collections.Immutable;

namespace HealthFinance.Canonical.Tests;

public sealed class EquatableArrayTests
{
    [Fact]
    public void Equals_SameItemsDifferentInstances_IsTrue()
    {
        EquatableArray<string> a = ImmutableArray.Create("x", "y");
        EquatableArray<string> b = new[] { "x", "y" };
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
    }

    [Fact]
    public void Equals_DifferentOrderOrLength_IsFalse()
    {
        EquatableArray<int> a = [1, 2];
        Assert.NotEqual(a, [2, 1]);
        Assert.NotEqual(a, [1, 2, 3]);
        Assert.False(a.Equals("not an array"));
    }

    [Fact]
    public void Default_BehavesAsEmpty()
    {
        var d = default(EquatableArray<int>);
        Assert.True(d.IsEmpty);
        Assert.Empty(d);
        Assert.Equal(d, EquatableArray.FromImmutableArray(default(ImmutableArray<int>)));
        Assert.Equal(d, EquatableArray.FromArray<int>(null));
        Assert.True(d.AsImmutableArray().IsEmpty);
        Assert.Equal("[]", d.ToString());
    }

    [Fact]
    public void Indexer_AndEnumeration_FollowItems()
    {
        var a = new[] { "a", "b", "c" }.ToEquatableArray();
        Assert.Equal(3, a.Count);
        Assert.Equal("b", a[1]);
        Assert.Equal(["a", "b", "c"], a.ToList());
        Assert.Equal(["a", "b", "c"], a.AsSpan().ToArray());
        Assert.Equal("[a, b, c]", a.ToString());
        Assert.Throws<IndexOutOfRangeException>(() => a[3]);
    }

    [Fact]
    public void Source_MutatedAfterCopy_DoesNotChangeArray()
    {
        var source = new[] { 1, 2 };
        EquatableArray<int> copy = source;
        source[0] = 99;
        Assert.Equal(1, copy[0]);
    }

    [Fact]
    public void ToEquatableArray_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ((IEnumerable<int>)null!).ToEquatableArray());
    }
}

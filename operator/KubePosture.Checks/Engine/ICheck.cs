using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>
/// A check: a descriptor and a pure evaluation over the inventory. No I/O, no clock (read
/// <see cref="ClusterInventory.ScanTime"/>), no SDK types. One check per file under Catalog/.
/// </summary>
public interface ICheck
{
    CheckDescriptor Descriptor { get; }

    IEnumerable<Finding> Evaluate(ClusterInventory inventory);
}

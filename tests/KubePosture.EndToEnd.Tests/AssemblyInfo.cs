// The tests start operator hosts in this process; OpenTelemetry's Prometheus exporter listens to meters by name, so two
// hosts running at once would report each other's series. One test at a time also keeps the loaded CI machine's two
// cores for the emulator and the operator under test.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

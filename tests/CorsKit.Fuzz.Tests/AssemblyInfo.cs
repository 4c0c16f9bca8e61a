// One fuzz run at a time: the async runner measures allocation process-wide, and the retained-memory check compares
// whole-heap sizes, so another test allocating alongside would be counted against the parser under test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

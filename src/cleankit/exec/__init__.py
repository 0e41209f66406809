"""Running a corpus: planning shards (:mod:`.plan`), run state (:mod:`.state`), the one per-document
loop (:mod:`.run`), and the executors that run shards here, in a process pool or on Dask."""

# The importers' CSV and JSON readers (area "import").
concord_add_fuzzer(fuzz_csv SOURCES fuzz_csv.cpp
    SEEDS ${CONCORD_CORPUS_DIR}/labels MAX_LEN 65536)
concord_add_fuzzer(fuzz_json SOURCES fuzz_json.cpp
    SEEDS ${CONCORD_CORPUS_DIR}/bugreports MAX_LEN 65536)

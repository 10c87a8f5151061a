# The stem-name table is compiled in from its one source, configs/stem_names.json, which the
# corpus builder reads too (models/data/stem_names.py). Used by the main build and by the fuzz
# project (tests/fuzz), which compiles the grouping code on its own.

# Writes OUT_DIR/automix_stem_names.hpp from SOURCE_ROOT/configs/stem_names.json; editing the
# JSON file re-runs the configure step.
function(automix_stem_names_header source_root out_dir)
  set(json_file ${source_root}/configs/stem_names.json)
  file(READ ${json_file} AUTOMIX_STEM_NAMES_JSON)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${json_file})
  configure_file(${source_root}/src/stems/stem_names.hpp.in ${out_dir}/automix_stem_names.hpp
                 @ONLY)
endfunction()

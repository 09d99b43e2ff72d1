# What `cmake --install` puts under the prefix, and the Debian package CPack
# makes of it (scripts/package.sh).
#
# The build tree keeps the programs' short names (build/indexer/indexer,
# build/searcher/searcher); installed, they are renamed: Debian's sphinxsearch
# package already owns /usr/bin/indexer (and searchd, search-like names), so a
# plain `indexer` on PATH would clash. The prefixed names are what the man
# pages, completions and README use.
include(GNUInstallDirs)

set(NEWSDEX_INDEX_COMMAND newsdex-index)
set(NEWSDEX_SEARCH_COMMAND newsdex-search)

# install(TARGETS) cannot rename, so the programs go in as files; the strip
# step that install(TARGETS) would do (cmake --install --strip, CPack) is
# repeated here for them.
foreach(pair IN ITEMS "indexer|${NEWSDEX_INDEX_COMMAND}" "searcher|${NEWSDEX_SEARCH_COMMAND}")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 target)
  list(GET pair 1 command)
  install(PROGRAMS $<TARGET_FILE:${target}> DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME ${command})
  if(CMAKE_STRIP)
    install(CODE "
      if(CMAKE_INSTALL_DO_STRIP)
        execute_process(COMMAND \"${CMAKE_STRIP}\"
          \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/${command}\")
      endif()")
  endif()
endforeach()

# Man pages: docs/man/*.scd are the source (scdoc syntax); the build renders
# them into build/docs/man/ (read one there with `man -l`), the install
# gzips them into share/man/manN. tests/cli/test_docs.py keeps them in step
# with every program's --help.
find_program(NEWSDEX_SCDOC scdoc)
if(NOT NEWSDEX_SCDOC)
  message(FATAL_ERROR "newsdex: scdoc not found; it turns docs/man/*.scd into man pages. "
                      "Install it: scripts/deps.sh (or apt-get install scdoc)")
endif()
set(NEWSDEX_MAN_PAGES newsdex.7 newsdex-index.1 newsdex-search.1 newsdex-article.5 newsdex-config.5)
set(man_out ${PROJECT_BINARY_DIR}/docs/man)
set(man_outputs)
foreach(page IN LISTS NEWSDEX_MAN_PAGES)
  set(source ${PROJECT_SOURCE_DIR}/docs/man/${page}.scd)
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section "${page}")
  add_custom_command(
    OUTPUT ${man_out}/${page} ${man_out}/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${man_out}
    # The page's date is today's, or SOURCE_DATE_EPOCH's (reproducible builds).
    COMMAND sh -c "sed \"s/@NEWSDEX_VERSION@/$1/g\" \"$2\" | \"$3\" > \"$4.tmp\" && mv \"$4.tmp\" \"$4\" && gzip -9nc \"$4\" > \"$4.gz\""
            sh ${PROJECT_VERSION} ${source} ${NEWSDEX_SCDOC} ${man_out}/${page}
    DEPENDS ${source}
    COMMENT "Rendering man page ${page}"
    VERBATIM)
  list(APPEND man_outputs ${man_out}/${page})
  install(FILES ${man_out}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(newsdex_man ALL DEPENDS ${man_outputs})

# Shell completions, where each shell looks for them on Debian. bash loads
# completions/NAME on first use of command NAME, so the one script goes in
# under both names; fish autoloads NAME.fish.
set(completion_dir ${PROJECT_SOURCE_DIR}/completions)
foreach(command IN ITEMS ${NEWSDEX_INDEX_COMMAND} ${NEWSDEX_SEARCH_COMMAND})
  install(FILES ${completion_dir}/newsdex.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${command})
  install(FILES ${completion_dir}/${command}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
endforeach()
install(FILES ${completion_dir}/_newsdex DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

# The sample corpus, so a new user can index something at once:
#   newsdex-index build /usr/share/newsdex/corpus
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/newsdex/corpus)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Debian package: build/newsdex_VERSION_amd64.deb (scripts/package.sh).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newsdex)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "newsdex developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search for news archives, on Xapian")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "full-text search for news archives, on Xapian\n"
    " newsdex-index builds a Xapian index from folders of plain-text news articles\n"
    " (one file per article, with a date line); newsdex-search ranks matches with\n"
    " BM25, filters them by date, collapses near-duplicate wire copies and prints\n"
    " them as text, JSON lines, TSV or TREC runs. Includes a sample corpus.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared-library dependencies (libxapian30, libboost-filesystem1.74.0,
# libstdc++6, ...) come from dpkg-shlibdeps on the installed programs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# xapian-progsrv (searcher --parallel) and xapian-tcpsrv (remote shards) are
# in xapian-tools; less is the default pager.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xapian-tools, less")
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR})
include(CPack)

# fish completion for newsdex-index (newsdex). Installed in
# share/fish/vendor_completions.d; tests/cli/test_completions.py fails when an option
# that newsdex-index's --help shows is missing here.

set -l commands build update stats check dates boilerplate compact
complete -c newsdex-index -f

# Subcommands, until one is given.
set -l none "not __fish_seen_subcommand_from $commands"
complete -c newsdex-index -n $none -s h -l help -d 'Print help and exit'
complete -c newsdex-index -n $none -l version -d 'Print the version and exit'
complete -c newsdex-index -n $none -l config -r -F -d 'Read this config file'
complete -c newsdex-index -n $none -a build -d 'Index every article under the folders into a new index'
complete -c newsdex-index -n $none -a update -d 'Bring the index in line with the folders'
complete -c newsdex-index -n $none -a stats -d 'Describe the index'
complete -c newsdex-index -n $none -a check -d 'Check the index for damage'
complete -c newsdex-index -n $none -a dates -d 'Date quality report'
complete -c newsdex-index -n $none -a boilerplate -d 'List the lines removed as boilerplate'
complete -c newsdex-index -n $none -a compact -d 'Compact the index, merging its shards'

# Options every subcommand takes.
set -l any "__fish_seen_subcommand_from $commands"
complete -c newsdex-index -n $any -s h -l help -d 'Print help and exit'
complete -c newsdex-index -n $any -l version -d 'Print the version and exit'
complete -c newsdex-index -n $any -l config -r -F -d 'Read this config file'
complete -c newsdex-index -n $any -l db -x -a '(__fish_complete_directories (commandline -ct))' -d 'Index folder'

# build and update: CORPUS_DIR... are folders.
set -l indexing '__fish_seen_subcommand_from build update'
complete -c newsdex-index -n $indexing -a '(__fish_complete_directories (commandline -ct))'
complete -c newsdex-index -n $indexing -l max-file-size -x -d 'Skip articles larger than this many bytes'
complete -c newsdex-index -n $indexing -l follow-symlinks -d 'Follow symlinks that lead outside the corpus folders'
complete -c newsdex-index -n $indexing -l wait -x -d 'Wait up to SECONDS for another indexer'
complete -c newsdex-index -n $indexing -l title-weight -x -d 'Extra weight of title words'
complete -c newsdex-index -n $indexing -l no-positions -d 'No word positions (no phrase or NEAR search)'
complete -c newsdex-index -n $indexing -s q -l quiet -d 'Print only errors'
complete -c newsdex-index -n $indexing -s v -l verbose -d 'Name every file and what happened to it'
complete -c newsdex-index -n $indexing -s j -l jobs -x -d 'Indexing threads'
complete -c newsdex-index -n $indexing -l batch -x -d 'Documents per batch'
complete -c newsdex-index -n '__fish_seen_subcommand_from update' -l compact-above -x -d 'Compact once grown past RATIO'
complete -c newsdex-index -n '__fish_seen_subcommand_from update' -l no-compact -d 'Never compact after updating'

set -l build '__fish_seen_subcommand_from build'
complete -c newsdex-index -n $indexing -l exact-tf -d 'Store raw term frequencies'
complete -c newsdex-index -n $indexing -l length-reference -x -d 'Document length BM25 normalises against'
complete -c newsdex-index -n $build -l shards -x -d 'Split the index into N databases'
complete -c newsdex-index -n $indexing -l boilerplate-min-articles -x -d 'A line in this many articles may be boilerplate'
complete -c newsdex-index -n $indexing -l boilerplate-min-share -x -d '... and in this share of all articles'
complete -c newsdex-index -n $indexing -l boilerplate-max-chars -x -d 'Longer lines are never boilerplate'
complete -c newsdex-index -n $indexing -l no-boilerplate -d 'Index every line, learn no boilerplate'
complete -c newsdex-index -n $indexing -l no-spelling -d 'Record no spelling data'
complete -c newsdex-index -n $indexing -l store-text -d 'Keep the whole text of each article in the index'
complete -c newsdex-index -n $indexing -l similarity -x -d 'Similarity that makes two articles near-copies'

complete -c newsdex-index -n '__fish_seen_subcommand_from stats' -l format -x -a 'json text' -d 'Output format'
complete -c newsdex-index -n '__fish_seen_subcommand_from dates' -l by -x -a 'day month week year' -d 'Period'
complete -c newsdex-index -n '__fish_seen_subcommand_from dates' -l format -x -a 'json text' -d 'Output format'
complete -c newsdex-index -n '__fish_seen_subcommand_from boilerplate' -l top -x -d 'How many lines'
complete -c newsdex-index -n '__fish_seen_subcommand_from compact' -l to -x -a '(__fish_complete_directories (commandline -ct))' -d 'Write the compacted index here'
complete -c newsdex-index -n '__fish_seen_subcommand_from compact' -l wait -x -d 'Wait up to SECONDS for another indexer'

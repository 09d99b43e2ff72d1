# fish completion for newsdex-search (newsdex). Installed in
# share/fish/vendor_completions.d; tests/cli/test_completions.py fails when an option
# that newsdex-search's --help shows is missing here.

# Arguments are query words, not file names.
complete -c newsdex-search -f

complete -c newsdex-search -s h -l help -d 'Print help and exit'
complete -c newsdex-search -l db -x -a '(__fish_complete_directories (commandline -ct))' -d 'Index folder'
complete -c newsdex-search -l from -x -d 'Only articles dated on or after DATE'
complete -c newsdex-search -l to -x -d 'Only articles dated on or before DATE'
complete -c newsdex-search -l match -x -a 'all any' -d 'Any word or all words'
complete -c newsdex-search -s n -l limit -x -d 'Number of results'
complete -c newsdex-search -l offset -x -d 'Skip this many results first'
complete -c newsdex-search -l sort -x -a 'newest oldest relevance' -d 'Order of results'
complete -c newsdex-search -l format -x -a 'json text trec tsv' -d 'Output format'
complete -c newsdex-search -l color -x -a 'always auto never' -d 'Bold titles and query words'
complete -c newsdex-search -l batch -r -F -d 'Answer every query of FILE (- for stdin)'
complete -c newsdex-search -l jobs -x -d 'Batch: answer on N threads'
complete -c newsdex-search -l eval -r -F -d 'Score against TREC qrels'
complete -c newsdex-search -l run -r -F -d 'With --eval: score this TREC run'
complete -c newsdex-search -l weighting -x -a 'bm25 bm25+ dlh lm pl2 tfidf' -d 'Weighting scheme'
complete -c newsdex-search -l bm25 -x -d 'BM25 parameters K1,B'
complete -c newsdex-search -l expand -x -d 'Feedback terms that also add results'
complete -c newsdex-search -l keep-stopwords -d 'Search for function words too'
complete -c newsdex-search -l allow-partial -d 'Answer from the shards that respond'
complete -c newsdex-search -l parallel -d 'Match each local shard in its own process'
complete -c newsdex-search -l timeout -x -d 'Milliseconds to wait for a remote shard'
complete -c newsdex-search -l duplicates -x -a 'collapse show' -d 'Near-copies'
complete -c newsdex-search -l histogram -x -a 'day month week year' -d 'Count matches per period'
complete -c newsdex-search -l normalize -d 'With --histogram: shares of all articles'
complete -c newsdex-search -l like -x -d 'Articles most like article ID'
complete -c newsdex-search -l show -x -d 'Print the whole stored article ID'
complete -c newsdex-search -l explain -d 'Print the parsed query and per-term scores'

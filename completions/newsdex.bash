# bash completion for newsdex-index and newsdex-search (newsdex).
#
# Installed as share/bash-completion/completions/newsdex-index and .../newsdex-search
# (bash-completion loads a file named after the command on first use); to try it from
# a checkout: `source completions/newsdex.bash`. It needs no helper from the
# bash-completion package. tests/cli/test_completions.py fails when an option that a
# program's --help shows is missing here.

# Sets cur and prev, taking `--opt=value` (which bash splits at '=') as `--opt value`.
_newsdex_words() {
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]:-}
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
}

# COMPREPLY from a word list, filtered by the current word.
_newsdex_words_from() {
  local IFS=$' \t\n'
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_newsdex_dirs() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -d -- "$cur"))
}

_newsdex_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -f -- "$cur"))
}

_newsdex_index() {
  local cur prev
  _newsdex_words
  local commands="build update stats check dates boilerplate compact"

  # The subcommand is the first word that is not an option.
  local i command=
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* ]]; then
      command=${COMP_WORDS[i]}
      break
    fi
  done

  local corpus="--version --config --db --max-file-size --follow-symlinks --wait --title-weight --no-positions
    -j --jobs --batch -q --quiet -v --verbose"
  local settings="--exact-tf --length-reference --boilerplate-min-articles --boilerplate-min-share
    --boilerplate-max-chars --no-boilerplate --no-spelling --similarity --store-text"
  local opts
  case $command in
    "") opts="-h --help --version --config" ;;
    build) opts="-h --help $corpus $settings --shards" ;;
    update) opts="-h --help $corpus $settings --compact-above --no-compact" ;;
    stats) opts="-h --help --version --config --db --format" ;;
    check) opts="-h --help --version --config --db" ;;
    dates) opts="-h --help --version --config --db --by --format" ;;
    boilerplate) opts="-h --help --version --config --db --top" ;;
    compact) opts="-h --help --version --config --db --to --wait" ;;
    *) return 0 ;;
  esac

  case $prev in
    --db | --to) _newsdex_dirs; return 0 ;;
    --config) _newsdex_files; return 0 ;;
    --format) _newsdex_words_from "text json"; return 0 ;;
    --by) _newsdex_words_from "day week month year"; return 0 ;;
    # Numbers: nothing to offer, but not the options either.
    --max-file-size | --wait | --title-weight | --length-reference | -j | --jobs | --batch | --shards | \
      --boilerplate-min-articles | --boilerplate-min-share | --boilerplate-max-chars | \
      --similarity | --top | --compact-above)
      return 0 ;;
  esac

  if [[ $cur == -* ]]; then
    _newsdex_words_from "$opts"
  elif [[ -z $command ]]; then
    _newsdex_words_from "$commands"
  elif [[ $command == build || $command == update ]]; then
    _newsdex_dirs  # CORPUS_DIR...
  fi
  return 0
}

_newsdex_search() {
  local cur prev
  _newsdex_words
  local opts="-h --help --version --config --list-saved --no-pager --db --from --to --match -n --limit --offset --sort --format
    --color --batch --jobs --timings --eval --eval-all-judged --count --run --weighting --bm25 --expand --keep-stopwords
    --allow-partial --parallel --timeout --duplicates --histogram --normalize --like --show
    --explain"

  case $prev in
    --db) _newsdex_dirs; return 0 ;;
    --batch | --timings | --eval | --run | --config) _newsdex_files; return 0 ;;
    --match) _newsdex_words_from "any all"; return 0 ;;
    --sort) _newsdex_words_from "relevance newest oldest"; return 0 ;;
    --format) _newsdex_words_from "text json tsv trec"; return 0 ;;
    --color) _newsdex_words_from "auto always never"; return 0 ;;
    --weighting) _newsdex_words_from "bm25 bm25+ pl2 dlh lm tfidf"; return 0 ;;
    --duplicates) _newsdex_words_from "collapse show"; return 0 ;;
    --histogram) _newsdex_words_from "year month week day"; return 0 ;;
    # Dates, numbers and article ids: nothing to offer, but not the options either.
    --from | --to | -n | --limit | --offset | --jobs | --bm25 | --expand | --timeout | \
      --like | --show)
      return 0 ;;
  esac

  if [[ $cur == -* ]]; then
    _newsdex_words_from "$opts"
  elif [[ $cur == @* ]]; then
    # Saved searches of the config file: "@NAME<TAB>QUERY" per line.
    local saved
    saved=$("${COMP_WORDS[0]}" --list-saved 2>/dev/null | cut -f1)
    _newsdex_words_from "$saved"
  fi
  return 0
}

complete -F _newsdex_index newsdex-index
complete -F _newsdex_search newsdex-search

// The index layout: every term prefix, value slot, metadata key and the
// document-data encoding live here and nowhere else.
//
// Layout of one article's Xapian document:
//   terms     Z<stem>      body words, stemmed only, with their positions,
//                          and title words weighted up (no positions); the
//                          words as written are counted in the spelling
//                          data, not indexed
//             ZS<stem>     title words with their positions ("title:" in
//                          queries)
//             Q<id>        article id (not unique: clashing ids both stay)
//             Y<yyyy> M<yyyymm> D<yyyymmdd>   date, for boolean date filters
//             XUNDATED     articles without a usable date
//             XL<hash>     a line that could be boilerplate (LineTerm)
//   values    kSlotDate    "YYYYMMDD" (absent when undated): sortable, ranges
//             kSlotOldestFirst  99999999 - YYYYMMDD + the tie-break key
//                          (absent when undated)
//             kSlotNewestFirst  YYYYMMDD + the tie-break key (absent when
//                          undated)
//             kSlotTieBreak  id + NUL + path-key hash: breaks ranking ties, so
//                          results do not depend on docids (update and build
//                          agree) and equal scores list in id order; also
//                          where the id and the path key are read back
//             kSlotFileSize, kSlotFileMtime, kSlotContentHash
//                          the source file when indexed (decimal, decimal
//                          seconds, the 8 bytes of ContentHash big-endian):
//                          lets `update` skip unchanged files without reading
//             kSlotFingerprint  MinHash signature, a byte per entry (2 in
//                          indexes written before; see fingerprint.h)
//             kSlotCluster near-duplicate cluster key (see fingerprint.h)
//   data      see EncodeDocData: id (only when it is not the file name's),
//             path, date, title and a sample of the text (the whole text
//             with indexer build --store-text); snippets and --show read
//             the file at the path, checked against kSlotContentHash
//
// An index folder ("--db PATH") holds a stub file XAPIANDB naming the current
// generation ("auto gen-..."), plus the generation folders themselves, so a
// rebuild can be swapped in with one rename(2).
#ifndef NEWSDEX_STORE_SCHEMA_H_
#define NEWSDEX_STORE_SCHEMA_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsdex/base/date.h"

namespace newsdex::schema {

inline constexpr std::string_view kPrefixTitle = "S";
// Stems: every word of text is indexed only stemmed, as kPrefixStem + stem
// (titles also as kPrefixStem + kPrefixTitle + stem), with its positions.
inline constexpr std::string_view kPrefixStem = "Z";
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixPathKey = "XP";
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixDay = "D";
inline constexpr std::string_view kTermUndated = "XUNDATED";
// Near-duplicate cluster membership, "XC" + cluster key (the smallest
// article id of the group), so a cluster's members are found by one posting
// list; only on articles with near-copies.
inline constexpr std::string_view kPrefixCluster = "XC";

// A line of the article that could be boilerplate (news/boilerplate.h
// CandidateLines): "XL" + the 8 bytes (big-endian) of a hash of the
// normalised line. Boolean; its term frequency is the number of articles
// holding the line, from which an update relearns the boilerplate set.
inline constexpr std::string_view kPrefixLine = "XL";

// Field names users type in queries.
inline constexpr std::string_view kFieldTitle = "title:";
inline constexpr std::string_view kFieldDate = "date:";

inline constexpr unsigned kSlotDate = 0;
// Sort keys for --sort oldest/newest, both sorted in reverse so that undated
// articles (no value) come last, with plain value sorting, which remote
// shards support (a KeyMaker is not): 99999999 - YYYYMMDD, zero-padded, and
// YYYYMMDD, each followed by the path key so that same-day articles keep one
// order whatever their docids.
inline constexpr unsigned kSlotOldestFirst = 1;
inline constexpr unsigned kSlotNewestFirst = 7;
// Slots 2 and 3 held the article id and the path key up to format 6; both
// are read from kSlotTieBreak now (IdFromSortKey, PathKeyFromTieBreak).
// Indexes of format 6 still carry them: never reuse these numbers.
inline constexpr unsigned kSlotRetiredId = 2;
inline constexpr unsigned kSlotRetiredPathKey = 3;
// MinHash signature of the cleaned body (see fingerprint.h): kept so that an
// update can recluster without reading the articles again.
inline constexpr unsigned kSlotFingerprint = 10;
// Cluster key (as in kPrefixCluster), absent for articles without
// near-copies; Enquire::set_collapse_key uses it.
inline constexpr unsigned kSlotCluster = 11;
// Set (to "1") in the first batch an update commits and cleared
// with its last, where the clusters around its changes are recomputed; an
// update that finds it set (an earlier one was interrupted) recomputes the
// clusters of the whole index.
inline constexpr std::string_view kMetaClustersStale = "newsdex.clusters_stale";
// Breaks ranking ties, so results never depend on docids (an updated index
// ranks exactly like a fresh build): TieBreakKey(id, path key), i.e. by
// article id, then by path for two files of the same name. It also gives
// the id (TREC runs list 1000 ids without reading each document's data)
// and the path key (update maps files to documents by one value stream).
inline constexpr unsigned kSlotTieBreak = 8;
inline constexpr unsigned kSlotFileSize = 4;
inline constexpr unsigned kSlotFileMtime = 5;
inline constexpr unsigned kSlotContentHash = 6;

// Metadata keys (Database::get_metadata).
inline constexpr std::string_view kMetaFormat = "newsdex.format";
inline constexpr std::string_view kMetaBuiltAt = "newsdex.built_at";
inline constexpr std::string_view kMetaFolders = "newsdex.folders";
// The learned boilerplate lines, JSON (see boilerplate.h), so searches and
// updates apply the set the build learned.
inline constexpr std::string_view kMetaBoilerplate = "newsdex.boilerplate";
// ISO time of the last `update` (indexer stats shows it).
inline constexpr std::string_view kMetaUpdatedAt = "newsdex.updated_at";
// How within-document frequencies are stored (ranking.h TermWeights, as
// EncodeTermWeights writes it); absent in indexes of raw counts.
inline constexpr std::string_view kMetaTermWeights = "newsdex.term_weights";
// Every build setting that shapes the index (index/settings.h), as one JSON
// object written by the build and read back by update and stats.
inline constexpr std::string_view kMetaSettings = "newsdex.settings";
// The bytes on disk and the article count of this database right after the
// build or compaction that wrote it compactly: `update` compares the size
// it has grown to with them (see index/compact.h, IndexGrowth).
inline constexpr std::string_view kMetaCompactedBytes = "newsdex.compacted_bytes";
inline constexpr std::string_view kMetaCompactedArticles = "newsdex.compacted_articles";
// Bumped whenever the layout above changes incompatibly.
// 2: file state slots (incremental update); 3: hashed path keys, 16-bit
// fingerprints, binary document data and content hash (a smaller index, and
// update telling touched files from changed ones); 4: boilerplate
// lines indexed without weight, candidate line terms, recorded settings;
// 5: document data holds a sample of the text instead of all of it; 6:
// words indexed stemmed only (kPrefixStem), with their positions; 7: no id
// and path-key slots (read from kSlotTieBreak), which format 6 has as well,
// so this program reads format 6 too and an update turns it into 7; 8: no
// path-key term (nothing looked documents up by it; the key is in
// kSlotTieBreak), read like 7.
inline constexpr std::string_view kFormatVersion = "8";
inline constexpr std::string_view kOldestReadableFormat = "6";

inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kGenerationPrefix = "gen-";
// The writer lock (WriterLock); its contents are the holder's pid.
inline constexpr std::string_view kLockFile = ".newsdex.lock";

// The unique key of a source file: "XP" + the 8 bytes (big-endian) of a
// 64-bit FNV-1a hash of its absolute path. Not a term since format 8: only
// its hash is stored, in kSlotTieBreak. Fixed-size, so the three values
// that carry it stay small; it orders files arbitrarily but always the same
// way, which is all ranking ties need. Two paths sharing a key (odds about
// n^2 / 2^65 for n files: 1e-9 for 200,000) would look like one file to
// `update`.
std::string PathKey(std::string_view path);

// The kPrefixLine term of a normalised line.
std::string LineTerm(std::string_view normalized_line);

// The bytes of PathKey(path) after the prefix.
std::string_view PathKeyHash(std::string_view path_key);

// The kSlotTieBreak value: the id, a NUL, then PathKeyHash(path_key); also
// appended to the date in kSlotOldestFirst and kSlotNewestFirst, so
// same-day articles keep one order.
std::string TieBreakKey(std::string_view id, std::string_view path_key);

// The path key (PathKey) inside a kSlotTieBreak value; empty when the value
// has none.
std::string PathKeyFromTieBreak(std::string_view tie_break);

// True for the formats this program reads: kOldestReadableFormat up to
// kFormatVersion.
bool IsReadableFormat(std::string_view format);

// The article id inside a sort key (MSetIterator::get_sort_key) of
// kSlotTieBreak, kSlotNewestFirst or kSlotOldestFirst, so that a page of ids
// needs no document reads: on remote shards each read is a round trip.
// Empty when the key holds no id (an undated article under a date sort, an
// index older than the tie-break key).
std::string_view IdFromSortKey(unsigned slot, std::string_view key);

// True for the year, month and day terms of date filters ("Y2022",
// "M202202", "D20220225").
bool IsDateTerm(std::string_view term);

// The id term: "Q" + id, or for an id too long for a Xapian term (a file name
// may be 255 bytes) "Q#" + a hash of the id + "#" + its first 120 bytes.
std::string IdTerm(std::string_view id);

// What the index stores for display: enough to list an article, and to
// show the start of it, when its file has moved or changed. The file itself
// holds the text (see search/article_text.h).
struct StoredArticle {
  std::string id;
  std::string path;
  std::optional<Ymd> date;
  std::string title;
  // The start of the body with its boilerplate lines left out, at most
  // kSampleBytes; or, when `whole_text`, the whole body as written.
  std::string text;
  bool whole_text = false;
  // Where the body lies in the file's bytes as indexed, when it is those
  // bytes unchanged (no recoding or clean-up, as for most files): the
  // searcher then takes it from the file without parsing it again.
  // body_size 0: parse the file (bodies are never empty).
  std::uint64_t body_offset = 0;
  std::uint64_t body_size = 0;
};

// The most bytes of a stored sample: room for a snippet after the headline.
inline constexpr std::size_t kSampleBytes = 320;

// The document data: four length-prefixed fields (one varint byte count
// each, then the bytes) for the id, path, date ("YYYYMMDD" or empty) and
// title, two varints for body_offset and body_size, then one byte, 'T' for
// a whole text or 'S' for a sample, then the text up to the end. The id is
// left empty when it is ArticleIdFromPath(path), as it is for every indexed
// file. Binary rather than JSON: no key names or escapes to store for each
// of 200,000 articles.
std::string EncodeDocData(const StoredArticle& article);

// Decodes EncodeDocData's output; fields missing from damaged data come back
// empty rather than failing, so one bad record cannot break a result page.
StoredArticle DecodeDocData(std::string_view data);

}  // namespace newsdex::schema

#endif  // NEWSDEX_STORE_SCHEMA_H_

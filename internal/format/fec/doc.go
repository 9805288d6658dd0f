// Package fec imports the Federal Election Commission's bulk files:
// candidates (cn), committees (cm), candidate-committee linkages (ccl),
// individual contributions (itcont, "indiv"), committee-to-candidate
// contributions (itpas2, "pas2") and committee-to-committee transactions
// (itoth, "oth"). The files are pipe-delimited without a header row; a file
// is recognized by its name (cn*.txt, cm*.txt, ccl*.txt, itcont*/indiv*,
// itpas2*/pas2*, itoth*/oth*) and must have the column count of its kind on
// every line, or it is refused. *_header_file.csv files, when present, must
// name the columns this package expects. Text is read as Windows-1252
// (Latin-1 with curly quotes and dashes), control characters as spaces.
//
// # Entities
//
//   - A committee becomes an organization "fec:<CMTE_ID>" whose OrgType
//     follows CMTE_TP (campaign committee, pac, super pac, party committee...).
//     A committee named only by a transaction gets a record built from that
//     row (Props stub=true), so import the folder's files together.
//   - A candidate becomes a person "fec:<CAND_ID>" labelled candidate, unless
//     Options.Officials maps the FEC candidate id to an official (see
//     OfficialsFrom: congress-legislators officials carry their FEC ids as
//     identifiers, Props["id.fec"]). Then the official stands for the candidate: no
//     candidate record is written and every tie below uses the official's
//     id, so "who funds Rep. X" follows from the official.
//   - The candidate LEADS its principal campaign committee (cn CAND_PCC, ccl
//     designation P) and its authorized committees (ccl designation A), with
//     Props designation.
//   - An individual contributor (itcont) becomes a donor. One person giving
//     many times is one donor: rows are matched on the normalized name, the
//     ZIP5 and the normalized employer (see DonorKey). The donor's id is
//     "fec:ind:" plus a hash of that key; its fields come from the latest
//     row (by date, then SUB_ID). Every individual donor carries
//     Props["not_for_solicitation"]="true" and the label fec-donor: FEC rules
//     (52 U.S.C. 30111(a)(4)) forbid using contributor names from FEC
//     reports to solicit contributions or for commercial purposes, and
//     exporters must keep that mark.
//
// # Donor resolution and its failure modes
//
// DonorKey upper-cases the name, drops punctuation, honorifics (MR, MRS, DR,
// HON...) and suffixes (JR, SR, II, III, ESQ...), and keeps the last name
// (before the comma) and the first given name (the first word after it), so
// "SMITH, JOHN A. MR." and "SMITH, JOHN" are one person. The employer is
// upper-cased, stripped of punctuation and of trailing INC, LLC, CORP, CO,
// LTD, LLP, PC, PLLC; SELF-EMPLOYED variants become SELF EMPLOYED; NOT
// EMPLOYED and UNEMPLOYED become NOT EMPLOYED; N/A, NONE and INFORMATION
// REQUESTED become empty. Known failure modes:
//
//   - Splits: a donor who moves (new ZIP), changes jobs, or reports the
//     employer one time and "INFORMATION REQUESTED" the next becomes two
//     donors; so do nicknames (BILL and WILLIAM) and typos.
//   - Merges: two people with the same last and first name in one ZIP5
//     with the same employer become one donor, notably a father and son
//     told apart only by JR and SR, or spouses reported as "SMITH, J".
//
// # Contributions
//
// Gifts become DONATED_TO relationships aggregated per giver, recipient and
// two-year cycle (the transaction year, rounded up to even), with id
// "DONATED_TO:<giver>><recipient>/<cycle>". Amount is the net of the counted
// transactions (floored at zero; a negative net is kept in Props["net"]),
// Date the latest counted transaction date, Props["count"] the number of
// counted transactions, Props["cycle"], and Props["transactions"] every
// transaction as compact JSON: sub_id, tran_id, filer, file_num, date,
// amount, tp (FEC transaction type) and, when set, memo, earmark_via and
// receipt. What is counted follows the FEC's file descriptions:
//
//   - Memo entries (MEMO_CD X) are supplemental information whose amount the
//     filer does not include in its totals: they are kept as transactions
//     with memo=true but not counted.
//   - Amendments (AMNDT_IND A) and terminations (T) are counted like new
//     reports (N), except that when two rows of the same aggregate share a
//     filer and TRAN_ID, the row from the latest filing (highest FILE_NUM)
//     replaces the older: an amended report restates a transaction. The
//     FEC's processed bulk files normally hold only the latest version of a
//     report, so this rarely fires; an amendment that also changes the
//     donor's name, ZIP or employer is not matched.
//   - Refunds to individuals (22Y) count negative.
//   - Earmarked gifts forwarded by a conduit (24I, 24T in itcont; CMTE_ID is
//     the conduit, OTHER_ID the intended recipient) are recorded on the
//     donor's tie to the intended recipient with earmark_via, uncounted: the
//     recipient reports the same money itself (15E), and counting both
//     would count it twice.
//   - itpas2: the giving committee (CMTE_ID) DONATED_TO the candidate
//     (CAND_ID; the recipient committee OTHER_ID when the candidate is
//     unknown). Independent expenditures are not gifts to the candidate:
//     24E and 24F (for) become SUPPORTS, 24A and 24N (against) OPPOSES, with
//     the same aggregation.
//   - itoth: rows already read from itpas2 (same SUB_ID) and individuals'
//     rows (ENTITY_TP IND, covered by itcont) are skipped. Disbursements
//     (transaction types not starting with 1) are counted as CMTE_ID
//     DONATED_TO OTHER_ID; receipts (1x, e.g. 18K) are recorded as OTHER_ID
//     DONATED_TO CMTE_ID with receipt=true, uncounted, because the giving
//     committee reports the same transfer as a disbursement.
//
// Rows without a usable date or counterparty are skipped, each with its
// file, line and reason. A line with the wrong number of fields or an
// amount that is not a number fails the import.
//
// # Streaming and memory
//
// Files are read line by line, and Parse checks every row before anything
// is handed over. Memory holds the committees, candidates and linkages
// (thousands of records, whatever the size of the contribution files); the
// contributions and the donors' rows go to two external sorts (spill.go):
// up to Options.SpillBytes of them are buffered, each full buffer is
// written to a temporary file as a sorted run, and Write merges the runs,
// so each aggregate and each donor is built from its rows alone, in id
// order, and handed over in batches of Options.BatchSize records. Peak
// memory therefore stays near the buffer plus one batch as the files grow;
// disk use is about the size of the contribution files, removed by Close.
//
// Through format.Registry.Import each batch is applied in its own
// transaction (see format.StreamReader): an import that stops part way
// keeps the batches already applied, and the same import run again
// finishes it, since whatever it already wrote counts as unchanged.
package fec

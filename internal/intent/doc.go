// Package intent classifies a patient's inbound text message with
// deterministic rules for Indonesian, Korean and English.
//
// Classify never calls anything external. The conversation pipeline asks a
// language model only when Result.Sure reports false and AI is enabled; urgent
// messages are always decided here.
//
// How a message is read:
//
//   - Normalisation: at most 4,096 bytes are read; invalid UTF-8 is replaced;
//     the text is NFKC-folded and lowercased; apostrophes are dropped ("don't"
//     → "dont"); runs of a repeated letter are collapsed ("sudahhh" → "sudah",
//     keywords get the same treatment); letters and digits split into tokens
//     ("demam39" → "demam 39"). Punctuation, line breaks and conjunctions such
//     as "tapi", "but", "dan", "그런데" and the Korean endings "-는데"/"-지만"
//     split the message into clauses; negation never crosses a clause.
//   - Latin-script keywords match whole tokens (an Indonesian "-nya", "-ku",
//     "-mu" suffix is tolerated, and "word*" matches a prefix); a gap ("..")
//     skips up to two tokens that are not negations or modal words. Korean
//     keywords match as substrings of the clause with spaces removed, because
//     Korean words agglutinate.
//   - Negation: a red flag or symptom is ignored when a negation ("tidak",
//     "ga", "nggak", "no", "not", "without", …) precedes it with only filler
//     words between ("nggak ada pendarahan", "I don't have a fever"), when a
//     resolution follows it ("pendarahan sudah berhenti", "bleeding stopped",
//     "demam tidak ada"), or, in Korean, when "안" precedes it or "없"/"않"/"아니"
//     follows it in the same clause ("열은 없어요", "안 아파요").
//
// Decision order:
//
//  1. A whole-message consent answer (YA/YES/IYA/네/예/동의, TIDAK/NO/GAK/
//     아니오, STOP/BERHENTI/수신거부/중지/UNSUBSCRIBE, optionally with
//     courtesy words such as "dok" or "thanks") sets Consent and maps to
//     confirm, not_yet or opt_out.
//  2. A non-negated red flag (high fever, fever with chemotherapy or a
//     temperature of 38 °C or more, bleeding, chest pain, breathing
//     difficulty, fainting or seizure, suicidal thoughts, unbearable pain,
//     "emergency") makes the message urgent, whatever else it says. Mentions
//     of suicide are never treated as negated.
//  3. An explicit request to stop messages is opt_out. Stopping or refusing
//     the medicine ("berhenti minum obat", "약을 중지했어요") or running out of
//     it is a question for staff, never opt_out or confirm. A bare "stop"
//     word at the start of a clause is opt_out.
//  4. Otherwise reschedule, confirm, not_yet, question and greeting cues
//     are weighed: strong cues beat weak ones, several competing strong
//     cues lower the confidence below SureThreshold, a greeting or thanks
//     wins only when nothing else applies, and a message without any cue is
//     other with a low confidence.
package intent

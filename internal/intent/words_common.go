package intent

// Word sets shared by all languages. Entries are normalised at start-up
// except compounds and conjunctions, which the tokenizer itself uses and so
// are written in normalised form (lowercase, no doubled letters).

// compounds joins two tokens that mean something else together.
var compounds = map[string]string{
	"rumah sakit":   "rumahsakit", // hospital, not pain
	"cek darah":     "cekdarah",   // blood test, not bleeding
	"tes darah":     "tesdarah",
	"periksa darah": "periksadarah",
	"gula darah":    "guladarah",
	"tekanan darah": "tekanandarah",
	"darah tingi":   "darahtingi", // hypertension ("darah tinggi" squeezed)
	"blod test":     "blodtest",   // "blood test" squeezed
	"blod presure":  "blodpresure",
	"blod sugar":    "blodsugar",
	"apa apa":       "apapa", // "gak apa-apa": it is fine, not a question
	"kenapa napa":   "kenapanapa",
}

// conjunctions start a new clause.
var conjunctions = map[string]struct{}{
	"tapi": {}, "tp": {}, "tpi": {}, "tetapi": {}, "namun": {}, "sedangkan": {}, "padahal": {},
	"dan": {}, "but": {}, "however": {}, "although": {}, "though": {}, "and": {},
	"그런데": {}, "근데": {}, "하지만": {}, "그러나": {}, "그래도": {},
}

var negationWords = []string{
	"tidak", "tdk", "tak", "ga", "gak", "gk", "nggak", "ngga", "ngak", "nga", "ngk",
	"enggak", "engga", "ndak", "nda", "gada", "gaada", "tiada", "bukan", "bkn",
	"belum", "blm", "belom", "blom", "tanpa", "bebas",
	"no", "not", "never", "without", "dont", "doesnt", "didnt", "havent", "hasnt",
	"hadnt", "isnt", "arent", "wasnt", "werent", "nor", "none", "nothing",
	"negative", "negatif",
}

// negationFillerWords may stand between a negation and what it negates.
var negationFillerWords = []string{
	"ada", "any", "a", "an", "have", "has", "had", "having", "got", "get", "getting",
	"sign", "signs", "of", "the", "more", "lagi", "lg", "sama", "sekali", "kok",
	"juga", "jg", "yang", "yg", "sih", "really", "at", "all", "anymore", "much", "ya",
	"kena", "mengalami", "alami", "experiencing", "experienced", "experience",
	"feel", "felt", "feeling", "merasa", "rasa", "terasa", "ngerasa", "merasakan",
	"saya", "sy", "aku", "i", "im", "am", "is", "was", "are", "were", "there",
	"theres", "my", "again", "pernah", "ever", "even", "terlalu", "too", "so",
	"very", "that", "begitu", "sangat", "been", "seem", "seems", "noticed",
	"notice", "sudah", "udah", "udh", "sdh", "dah", "in", "ada", "some",
}

// postFillerWords may stand between a symptom and its resolution.
var postFillerWords = []string{
	"sudah", "udah", "udh", "sdh", "dah", "telah", "already", "has", "have", "is",
	"was", "are", "now", "sekarang", "skrg", "juga", "jg", "kok", "sih", "ya",
}

// resolvedWords after a symptom say it is over.
var resolvedWords = []string{
	"berhenti", "brenti", "hilang", "reda", "mereda", "sembuh", "membaik",
	"mendingan", "stopped", "gone", "resolved", "better", "negatif", "negative", "none",
}

// modalWords may not be skipped by a gap: "sudah mau minum" is not "sudah minum".
var modalWords = []string{
	"mau", "akan", "mo", "ingin", "pengen", "pingin", "pengin", "lupa", "nanti",
	"will", "want", "wanna", "going", "gonna", "forgot", "forget", "later",
}

// leadFillerWords may come before a clause-initial question word or stop word.
var leadFillerWords = []string{
	"dok", "dokter", "dr", "kak", "ka", "kakak", "bu", "ibu", "pak", "bapak", "sus",
	"suster", "mbak", "mba", "mas", "min", "admin", "maaf", "permisi", "halo", "hai",
	"hi", "hello", "hey", "pagi", "siang", "sore", "malam", "selamat", "ok", "oke",
	"okay", "please", "pls", "plz", "tolong", "mohon", "sorry", "excuse", "me",
	"um", "eh", "oh", "so", "ya", "iya", "yes", "yeah", "yup", "saya", "sy", "aku", "i", "mau", "ingin",
	"pengen", "want", "to", "minta", "just", "hm", "nurse", "doctor", "doc",
	"이제", "제발", "그냥", "선생님", "저",
}

// weakTailWords may follow a bare confirmation ("sudah tadi pagi kok").
var weakTailWords = []string{
	"tadi", "td", "barusan", "kok", "dong", "deh", "sih", "hehe", "wkwk", "alhamdulillah",
	"semua", "semuanya", "juga", "jg", "ya", "yah", "nih", "lho", "loh", "ini", "hari",
	"kemarin", "td", "pagi", "siang", "sore", "malam", "kak", "too", "today", "now",
	"already", "thanks", "thank", "you", "yes",
}

// questionTagWords at the very end of a question are a tag, not "not yet":
// "sudah boleh makan belum?".
var questionTagWords = []string{"belum", "blm", "belom", "blom", "blum", "yet"}

var degreeUnitWords = []string{"c", "derajat", "drjt", "celcius", "celsius", "f", "fahrenheit", "도"} //nolint:misspell // "celcius" is how patients often write it

// consentFillerWords may accompany a consent word without changing it.
var consentFillerWords = []string{
	"dok", "dokter", "dr", "kak", "ka", "kakak", "bu", "ibu", "pak", "bapak", "sus",
	"suster", "mbak", "mba", "mas", "min", "admin", "sir", "maam", "madam",
	"please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "tq", "terima",
	"kasih", "makasih", "makasi", "mksh", "trims", "ok", "oke", "okay", "okey",
	"siap", "sip", "baik", "noted", "deh", "dong", "aja", "saja", "kok", "sih",
	"saya", "sy", "aku", "i", "doc", "doctor", "nurse",
	"감사합니다", "고맙습니다", "감사해요", "고마워요", "알겠습니다", "알겠어요", "선생님",
}

// consentAnswers are whole-message consent words and phrases.
var consentAnswers = map[string][]string{
	ConsentYes: {
		"ya", "iya", "iye", "y", "yes", "yep", "yup", "yeah", "yea", "setuju",
		"saya setuju", "agree", "i agree", "ya setuju", "yes i agree",
		"네", "예", "넵", "넹", "응", "ㅇㅇ", "동의", "동의함",
	},
	ConsentNo: {
		"tidak", "tdk", "tak", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga",
		"ndak", "no", "nope", "tidak setuju", "gak setuju", "disagree",
		"i disagree", "no i dont agree", "아니오", "아니요", "아니", "아뇨", "비동의",
		"동의 안 함", "동의안함",
	},
	ConsentStop: {
		"stop", "berhenti", "unsubscribe", "unsub", "opt out", "optout", "stop all",
		"수신거부", "수신 거부", "중지", "스톱", "수신중지",
	},
}

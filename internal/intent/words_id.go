package intent

// Indonesian keyword groups and lists, slang and common typos included.
// Pattern syntax: see pattern.go.

var groupsID = map[string][]string{
	"already": {"sudah", "sudh", "suda", "sdh", "sdah", "udah", "uda", "udh", "dah", "sudag", "sudha", "telah", "tlh", "already"},
	"take":    {"minum", "diminum", "mnm", "minun", "mium", "minm", "minom", "diminun", "konsumsi", "dikonsumsi"},
	"med":     {"obat", "obt", "obatan", "pil", "tablet", "kapsul", "puyer", "sirup", "vitamin", "insulin", "kemo*", "terapi", "pengobatan", "berobat"},
	"neg":     {"tidak", "tdk", "tak", "ga", "gak", "gk", "nggak", "ngga", "ngak", "nga", "ngk", "enggak", "engga", "ndak", "nda"},
	"stopw":   {"stop", "setop", "berhenti", "brenti", "henti", "hentikan", "dihentikan", "menghentikan", "distop", "stopin", "udahan"},
	"send":    {"kirim", "kirimi", "kirimin", "dikirim", "dikirimi", "mengirim", "mengirimi", "ngirim", "ngirimin", "kirimkan", "sms", "wa", "chat", "pesan", "notif*", "pengingat", "reminder", "broadcast", "spam"},
	"pain":    {"sakit", "nyeri", "perih", "ngilu"},
	"breath":  {"napas", "nafas", "bernapas", "bernafas", "nafas", "napas"},
	"feverw":  {"demam", "meriang", "panas", "suhu"},
	"appt":    {"jadwal", "kontrol", "janji", "appointment", "konsul*", "periksa", "pemeriksaan", "kemo*", "visit", "praktek", "praktik", "pertemuan", "terapi", "cek", "checkup"},
	"change":  {"ganti", "diganti", "gantikan", "ubah", "diubah", "rubah", "dirubah", "pindah", "dipindah", "dipindahkan", "geser", "digeser", "undur", "diundur", "mundur", "dimundurkan", "mundurkan", "tunda", "ditunda", "majukan", "dimajukan", "batal*", "dibatal*", "cancel"},
	"come":    {"datang", "dateng", "hadir", "kontrol", "ke", "periksa", "berangkat"},
	"want":    {"ingin", "pengen", "pengin", "pingin", "mau", "mo", "kepingin"},
}

var wordsID = words{
	cConfirm: {
		"@already .. @take", "@take @already", "@med .. @already", "barusan @take",
		"@already makan @med", "@already dimakan",
		"baru saja @take", "baru aja @take", "tadi @take", "@already beres",
		"@already selesai", "@already done", "done .. @take",
	},
	cConfirmWeak: {"@already", "yaudah", "yasudah", "yaudh", "beres"},
	cConfirmHint: {"ok", "oke", "okay", "okey", "oce", "okeh", "siap", "sip", "baik", "noted", "aman", "ya", "iya", "iye", "y", "boleh"},
	cNotYet: {
		"belum", "blm", "belom", "blom", "blum", "lupa @take", "lupa .. @take", "lupa .. @med",
		"terlewat", "kelewat", "kelewatan", "@neg @take", "@neg .. @take", "@neg sempat",
		"nanti dulu", "sebentar lagi", "bentar lagi", "ntar lagi", "nanti saja", "nanti aja",
		"@take nanti", "nanti .. @take", "@neg makan @med", "baru mau @take", "akan @take", "mau @take dulu", "skip",
	},
	cNotYetWeak: {"nanti", "ntar", "entar", "nnti", "ntr", "tunggu", "sebentar", "bentar", "lupa", "kelupaan", "terlupa", "ketinggalan"},
	cReschedule: {
		"@change .. @appt", "@appt .. @change", "jadwal ulang", "jadwalkan ulang", "atur ulang",
		"pindah hari", "pindah tanggal", "ganti hari", "ganti tanggal", "ganti jam", "ganti waktu",
		"hari lain", "tanggal lain", "lain hari", "lain waktu", "waktu lain", "@neg bisa @come",
		"@neg bisa .. @come", "@neg hadir", "berhalangan", "diundur", "dimundurkan", "diundurkan", "undur",
	},
	cQuestion: {
		"mau tanya", "mo tanya", "ingin bertanya", "tanya", "nanya", "bertanya", "menanyakan",
		"tanyakan", "mohon info", "minta info", "info dong", "mohon penjelasan", "mohon petunjuk",
		"apakah", "bolehkah", "bisakah", "haruskah", "perlukah", "adakah", "bagaimanakah",
		"benarkah", "betulkah",
	},
	cQuestionStart: {
		"apa", "kapan", "bagaimana", "gimana", "gmn", "gmna", "bgmn", "bgm", "berapa", "brp",
		"kenapa", "knp", "mengapa", "napa", "dimana", "di mana", "mana", "siapa", "boleh _",
		"bisa _", "kalau _", "kalo _", "klo _", "klau _", "harus _", "perlu _",
	},
	cQuestionWord: {"kapan", "bagaimana", "gimana", "gmn", "berapa", "brp", "kenapa", "knp", "mengapa", "siapa", "dimana", "boleh", "apa"},
	cOptOut: {
		"@stopw .. @send", "jangan @send", "jgn @send", "jangan .. @send", "jgn .. @send",
		"@neg usah @send", "@neg usah .. @send", "@neg perlu .. @send", "@neg mau terima",
		"@neg mau menerima", "@neg ingin menerima", "@neg mau .. @send", "berhenti berlangganan",
		"berhenti langganan", "stop langganan", "hapus nomor", "hapus .. nomor", "keluarkan saya",
		"jangan ganggu", "jgn ganggu",
	},
	cStopWord: {"stop", "berhenti", "brenti", "setop", "udahan"},
	cMedStop: {
		"@stopw .. @med", "@stopw .. @take", "@med .. @stopw", "@already @neg @take",
		"@already @neg .. @take", "@neg mau @take", "@neg mau .. @med", "@neg @want @take",
		"@neg @take lagi", "@neg @take @med lagi", "@neg .. @take .. lagi", "putus obat",
		"males @take", "malas @take", "mogok obat",
	},
	cMedOut: {
		"@med @already habis", "@med .. habis $", "habis @med", "kehabisan", "@med tinggal sedikit",
		"belum ada @med", "@med belum datang", "@med belum sampai", "@med belum diambil",
		"@med belum ambil", "@neg punya @med", "@med @neg ada",
	},
	cSymptom: {
		"demam", "meriang", "pusing", "puyeng", "mual", "muntah", "diare", "mencret", "lemas",
		"lemes", "lemah", "sakit", "nyeri", "perih", "ngilu", "gatal", "gatel", "ruam", "bengkak",
		"batuk", "pilek", "efek samping", "pegal", "pegel", "kram", "@neg enak badan",
		"kurang enak badan", "badan panas", "panas dingin", "panas badan", "sariawan",
		"sembelit", "susah tidur", "sulit tidur", "@neg bisa tidur", "migrain", "rontok",
		"kesemutan", "mata kabur", "alergi", "biduran", "keringat dingin", "menggigil", "keluhan",
		"kambuh",
	},
	cGreeting: {
		"halo", "helo", "hai", "hay", "hei", "selamat pagi", "selamat siang", "selamat sore",
		"selamat malam", "assalamualaikum", "asalamualaikum",
		"assalamu alaikum", "aslm", "waalaikumsalam", "walaikumsalam", "salam", "permisi",
		"shalom", "om swastiastu", "selamat",
	},
	cGreetingStart: {"pagi", "siang", "sore", "malam"},
	cThanks: {
		"terima kasih", "terimakasih", "makasih", "makasi", "mksh", "mks", "trims", "trm ksh",
		"trmksh", "tengkyu", "matur nuwun", "suwun", "hatur nuhun",
	},
	cHighFever: {
		"@feverw .. tinggi", "@feverw @neg turun", "@feverw .. @neg turun", "@feverw parah",
		"demam .. banget",
	},
	cFever:       {"demam", "meriang", "febris", "panas"},
	cChemo:       {"kemo*", "khemo*"},
	cTemperature: {"suhu", "derajat", "termometer", "panas"},
	cBleeding: {
		"pendarahan", "perdarahan", "pendarahn", "berdarah", "muntah .. darah", "batuk .. darah",
		"bab darah", "berak darah", "pup darah", "kencing darah", "pipis darah", "keluar darah",
		"darah .. keluar", "mimisan", "darah @neg berhenti", "darah terus", "ludah darah",
		"tinja darah", "feses darah", "mengeluarkan darah",
	},
	cChestPain: {
		"@pain dada", "@pain .. dada", "dada .. @pain", "dada .. berat", "dada tertekan",
		"dada .. ditekan", "dada .. nyesek", "angin duduk", "serangan jantung",
	},
	cBreathing: {
		"sesak", "susah @breath", "sulit @breath", "sukar @breath", "@neg bisa @breath",
		"@breath .. susah", "@breath .. sesak", "@breath .. berat", "@breath pendek",
		"@breath .. sulit", "tersengal*", "ngos ngosan", "ngosngosan", "engap",
		"megap megap", "@neg bisa ambil @breath", "kehabisan @breath",
	},
	cFainting: {
		"pingsan", "@neg sadarkan diri", "hilang kesadaran", "kehilangan kesadaran",
		"@neg sadar diri", "kejang", "ayan", "koma",
	},
	cSuicidal: {
		"@want mati", "@want bunuh diri", "bunuh diri", "akhiri hidup", "mengakhiri hidup",
		"@neg @want hidup", "capek hidup", "cape hidup", "capai hidup", "lelah hidup",
		"lebih baik mati", "mending mati", "bosan hidup", "putus asa",
	},
	cEmergency: {"darurat", "gawat", "ambulans", "ambulan", "igd", "ugd"},
	cPain:      {"sakit", "nyeri", "perih", "ngilu"},
	cSevere: {
		"@neg tertahankan", "@neg tertahan", "@neg kuat", "@neg tahan", "luar biasa", "hebat",
		"parah", "amat sangat", "minta ampun", "@neg ketulungan", "setengah mati",
	},
}

// extraID marks Indonesian for language detection.
var extraID = []string{
	"saya", "sy", "aku", "aq", "gue", "gw", "kak", "dok", "dokter", "bu", "pak", "yg", "yang",
	"di", "dari", "ini", "itu", "tadi", "hari", "obat", "minum", "tidak", "kok", "sih",
	"dong", "deh", "nih", "juga", "aja", "saja", "bisa", "jam", "besok", "kemarin", "lagi",
	"karena", "krn", "untuk", "utk", "dengan", "dgn", "tapi", "banget", "sekali", "ada",
	"setelah", "sebelum", "mohon", "maaf", "buat", "jadi", "masih", "baru", "sedang", "kalau",
}

package intent

// English keyword groups and lists (apostrophes are dropped: "can't" is
// "cant"). Pattern syntax: see pattern.go.

var groupsEN = map[string][]string{
	"takeEn":   {"take", "taken", "took", "had"},
	"medEn":    {"medicine*", "medication*", "meds", "med", "pill*", "tablet*", "drug*", "dose", "doses", "treatment", "chemo*", "insulin", "vitamin*", "capsule*"},
	"stopEn":   {"stop", "stopped", "stopping", "quit", "discontinue*", "cease*"},
	"msgEn":    {"message*", "messaging", "msg*", "text*", "send*", "reminder*", "reminding", "sms", "whatsapp", "notification*", "notif*", "contact*", "spam*"},
	"apptEn":   {"appointment*", "appt", "checkup", "check", "visit", "consultation", "session", "schedule", "booking", "chemo*"},
	"changeEn": {"chang*", "move", "moving", "rearrange*", "reschedul*", "postpon*", "cancel*", "shift", "switch"},
	"breathEn": {"breathe", "breathing", "breath"},
	"painEn":   {"pain*", "hurt*", "ache*", "aching", "sore"},
	"feverEn":  {"fever*", "temperature", "temp"},
	"wantEn":   {"want", "wanna", "wish", "going"},
}

var wordsEN = words{
	cConfirm: {
		"taken", "took", "had my @medEn", "had .. @medEn", "done", "all done", "completed",
		"done taking",
	},
	cConfirmWeak: {"i did", "did it", "finished"},
	cConfirmHint: {"ok", "okay", "k", "sure", "noted", "got it", "yes", "yeah", "yep", "yup", "alright", "all good", "roger", "fine", "will do"},
	cNotYet: {
		"not yet", "havent .. taken", "havent .. take", "havent .. @medEn", "havent yet",
		"have not .. taken", "have not .. @medEn", "didnt .. take", "didnt .. @medEn",
		"did not .. take", "not .. taken", "forgot .. @takeEn", "forgot .. @medEn", "forgot it",
		"forgot again", "missed .. @medEn", "missed it", "skipped",
		"will take", "gonna take", "going to take", "about to take", "will .. take",
		"in a bit", "in a minute", "in a while", "not now", "not done", "still need to",
	},
	cNotYetWeak: {"later", "soon", "wait", "forgot", "forget", "forgotten", "missed"},
	cReschedule: {
		"reschedul*", "re schedule", "@changeEn .. @apptEn", "@apptEn .. @changeEn",
		"another day", "another date", "another time", "different day", "different date",
		"different time", "new date", "new time", "postpon*", "push back", "cant make it",
		"cannot make it", "can not make it", "wont make it", "cant come", "cannot come",
		"cant attend", "cannot attend", "unable to come", "unable to attend",
		"wont be able to come", "not able to come", "later date",
	},
	cQuestion: {
		"question", "questions", "wondering", "wonder", "want to ask", "ask you", "can you tell",
		"please advise", "is it ok", "is it okay", "is it safe", "is it normal", "should i",
		"can i", "could i", "may i", "do i need", "do i have to", "how do i", "how should",
		"what should", "what if", "what about",
	},
	cQuestionStart: {
		"what", "whats", "how", "hows", "when", "whens", "why", "where", "wheres", "which",
		"who", "whom", "whose", "is it", "is this", "is that", "is there", "are there",
		"are these", "do i", "do you", "does it", "does this", "did i", "will i", "will it",
		"would it", "can you", "could you", "should we", "can we", "am i", "any _",
	},
	cQuestionWord: {"what", "how", "when", "why", "where", "which"},
	cOptOut: {
		"unsubscrib*", "unsub", "opt out", "optout", "opt me out", "@stopEn @msgEn",
		"@stopEn .. @msgEn", "stop it", "stop this", "stop these", "dont send", "do not send",
		"dont text", "dont message", "dont contact", "do not contact", "no more @msgEn",
		"remove me", "take me off", "leave me alone", "dont want .. @msgEn",
		"do not want .. @msgEn", "dont remind",
	},
	cStopWord: {"stop", "quit"},
	cMedStop: {
		"@stopEn .. @medEn", "@stopEn taking", "@stopEn .. taking", "no longer taking",
		"not taking .. anymore", "dont want to take", "do not want to take", "wont take",
		"refus*", "gave up .. @medEn", "give up .. @medEn", "dont feel like taking",
		"dont like taking",
	},
	cMedOut: {"ran out", "run out", "running out", "out of @medEn", "no more @medEn", "refill*"},
	cSymptom: {
		"fever*", "nause*", "vomit*", "throwing up", "threw up", "dizzy", "dizziness",
		"diarrh*", "headache*", "pain*", "hurt*", "ache*", "aching", "sore", "rash*", "itch*",
		"swell*", "swollen", "cough*", "sick", "unwell", "not feeling well", "feel bad",
		"side effect*", "tired", "fatigue*", "weak", "weakness", "chills", "cramp*", "numb*",
		"insomnia", "cant sleep", "constipat*",
	},
	cGreeting: {
		"hello", "hi", "hey", "hiya", "good morning", "good afternoon", "good evening",
		"good day", "greetings", "yo", "howdy",
	},
	cGreetingStart: {"morning", "evening", "afternoon"},
	cThanks:        {"thank*", "thx", "ty", "tq", "many thanks", "cheers", "appreciate*"},
	cHighFever: {
		"high fever", "high temperature", "high temp", "@feverEn .. high",
		"@feverEn .. wont go down", "@feverEn .. not going down", "burning up",
	},
	cFever:       {"fever*", "febrile"},
	cChemo:       {"chemo*"},
	cTemperature: {"temperature", "temp", "thermometer", "degrees", "degree"},
	cBleeding: {
		"bleed*", "blood in", "vomit* blood", "throw* up blood", "threw up blood",
		"cough* .. blood", "spit* blood", "blood from", "bloody", "blood coming",
		"blood .. wont stop", "hemorrhag*", "haemorrhag*", "nosebleed*", "passing blood",
		"peeing blood", "pooping blood", "black stool*",
	},
	cChestPain: {
		"chest .. @painEn", "chest .. tight*", "chest .. pressure", "chest .. heavy",
		"@painEn .. chest", "tight* .. chest", "heart attack", "crushing .. chest", "angina",
	},
	cBreathing: {
		"cant breathe", "cannot breathe", "can not breathe", "cnt breathe", "unable to breathe",
		"hard to breathe", "difficult* .. @breathEn", "difficulty breathing", "trouble breathing",
		"struggling to breathe", "short of breath", "shortness of breath", "breathless*",
		"out of breath", "cant catch my breath", "breathing .. hard", "breathing problem*",
		"hard time breathing", "gasping", "choking", "suffocat*", "wheez*",
	},
	cFainting: {
		"faint*", "passed out", "pass out", "passing out", "blacked out", "black out",
		"unconscious*", "seizure*", "convuls*", "collaps*", "lost consciousness",
		"lose consciousness",
	},
	cSuicidal: {
		"kill myself", "killing myself", "suicid*", "@wantEn to die", "wanna die",
		"wish i was dead", "wish i were dead", "better off dead", "end my life", "end it all",
		"take my life", "dont want to live", "do not want to live", "dont want to be alive",
		"no reason to live", "self harm", "hurt myself", "cut myself", "harm myself",
	},
	cEmergency: {"emergency", "ambulance"},
	cPain:      {"pain*", "hurt*", "ache*", "aching", "sore"},
	cSevere: {
		"unbearable", "severe*", "excruciating", "worst pain", "cant stand", "cant bear",
		"cannot bear", "extreme*", "intense*", "so much pain", "agony", "agoniz*", "killing me",
	},
}

// extraEN marks English for language detection.
var extraEN = []string{
	"i", "im", "my", "me", "you", "the", "a", "an", "is", "it", "its", "to", "of", "in", "on",
	"for", "have", "has", "was", "am", "are", "do", "not", "no", "medicine", "meds",
	"pill", "pills", "today", "night", "please", "can", "just", "already", "yet", "feel",
	"feeling", "doctor", "this", "that", "with", "after", "before", "tonight", "tomorrow",
	"yesterday", "but", "and", "so", "very", "thanks", "thank", "again", "now", "your",
}

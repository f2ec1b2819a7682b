package conversation

import "strings"

// The automated answers PRIMA sends of its own, per language. {first_name},
// {clinic} and {emergency} are filled in; nothing else about the patient is.
const (
	textThanks             = "thanks"
	textNothingToConfirm   = "nothing_to_confirm"
	textNotYet             = "not_yet"
	textReschedule         = "reschedule"
	textVolunteerWillReply = "volunteer_will_reply"
	textClarify            = "clarify"
	textGreeting           = "greeting"
	textSafety             = "safety"
	textOptOutConfirmed    = "opt_out_confirmed"
	textConsentGranted     = "consent_granted"
	textConsentRequest     = "consent_request"
	textUnknownSender      = "unknown_sender"
)

var texts = map[string]map[string]string{
	textThanks: {
		"id": "Terima kasih, {first_name}! Konfirmasi minum obat Anda sudah kami catat.",
		"ko": "감사합니다, {first_name}님! 복용 확인이 기록되었습니다.",
		"en": "Thank you, {first_name}! We have recorded that you took your medicine.",
	},
	textNothingToConfirm: {
		"id": "Terima kasih, {first_name}. Pesan Anda sudah kami terima.",
		"ko": "감사합니다, {first_name}님. 메시지를 잘 받았습니다.",
		"en": "Thank you, {first_name}. We have received your message.",
	},
	textNotYet: {
		"id": "Baik, {first_name}. Jangan lupa minum obatnya ya, lalu balas SUDAH.",
		"ko": "알겠습니다, {first_name}님. 잊지 말고 복용하신 뒤 '먹었어요'라고 답장해 주세요.",
		"en": "All right, {first_name}. Please remember to take it, then reply DONE.",
	},
	textReschedule: {
		"id": "Terima kasih, {first_name}. Tim {clinic} akan menghubungi Anda untuk mengatur ulang jadwal.",
		"ko": "감사합니다, {first_name}님. {clinic}에서 일정 변경을 위해 연락드리겠습니다.",
		"en": "Thank you, {first_name}. The {clinic} team will contact you to rearrange the appointment.",
	},
	textVolunteerWillReply: {
		"id": "Terima kasih atas pertanyaannya, {first_name}. Relawan kami akan segera membalas.",
		"ko": "질문 감사합니다, {first_name}님. 담당자가 곧 답변드리겠습니다.",
		"en": "Thank you for your question, {first_name}. A volunteer will reply soon.",
	},
	textClarify: {
		"id": "Maaf, {first_name}, kami belum mengerti. Balas SUDAH jika sudah minum obat, atau tuliskan pertanyaan Anda.",
		"ko": "죄송합니다, {first_name}님, 이해하지 못했습니다. 약을 드셨다면 '먹었어요'라고, 궁금한 점이 있으면 질문을 적어 주세요.",
		"en": "Sorry, {first_name}, we did not understand. Reply DONE if you have taken your medicine, or write your question.",
	},
	textGreeting: {
		"id": "Halo, {first_name}! Ada yang bisa kami bantu?",
		"ko": "안녕하세요, {first_name}님! 무엇을 도와드릴까요?",
		"en": "Hello, {first_name}! How can we help?",
	},
	textSafety: {
		"id": "{first_name}, keluhan Anda perlu segera ditangani. Jika darurat, segera hubungi {emergency} atau datang ke IGD terdekat. Tim {clinic} sudah diberi tahu.",
		"ko": "{first_name}님, 증상이 위급할 수 있습니다. 응급 상황이면 즉시 {emergency}에 전화하거나 가까운 응급실로 가세요. {clinic} 의료진에게 알렸습니다.",
		"en": "{first_name}, this may need urgent care. If it is an emergency, call {emergency} now or go to the nearest emergency department. The {clinic} team has been alerted.",
	},
	textOptOutConfirmed: {
		"id": "Anda tidak akan menerima pesan lagi dari {clinic}. Hubungi klinik jika ingin menerima pengingat kembali.",
		"ko": "{clinic}의 메시지 수신이 중지되었습니다. 다시 받으시려면 병원에 문의해 주세요.",
		"en": "You will no longer receive messages from {clinic}. Contact the clinic if you want reminders again.",
	},
	textConsentGranted: {
		"id": "Terima kasih, {first_name}. Anda akan menerima pengingat dari {clinic}. Balas STOP kapan saja untuk berhenti.",
		"ko": "감사합니다, {first_name}님. {clinic}의 알림을 보내드리겠습니다. 언제든 '중지'라고 답장하시면 멈춥니다.",
		"en": "Thank you, {first_name}. You will receive reminders from {clinic}. Reply STOP at any time to stop.",
	},
	textConsentRequest: {
		"id": "Halo {first_name}, {clinic} ingin mengirim pengingat obat dan jadwal kontrol lewat pesan ini. Balas YA untuk setuju atau TIDAK untuk menolak. Balas STOP kapan saja untuk berhenti.",
		"ko": "안녕하세요 {first_name}님, {clinic}에서 복약 및 진료 일정 알림을 이 번호로 보내드리려 합니다. 동의하시면 '네', 원하지 않으시면 '아니오'라고 답장해 주세요. 언제든 '중지'라고 답장하시면 멈춥니다.",
		"en": "Hello {first_name}, {clinic} would like to send you medication and appointment reminders here. Reply YES to agree or NO to decline. Reply STOP at any time to stop.",
	},
	textUnknownSender: {
		"id": "Terima kasih atas pesan Anda. Nomor ini belum terdaftar di klinik kami; silakan hubungi klinik secara langsung.",
		"ko": "메시지 감사합니다. 이 번호는 등록되어 있지 않습니다. 병원으로 직접 문의해 주세요.",
		"en": "Thank you for your message. This number is not registered with the clinic; please contact the clinic directly.",
	},
}

// text renders one built-in answer in lang (Indonesian when PRIMA has none in lang).
func text(lang, key string, vars map[string]string) string {
	byLang := texts[key]
	t, ok := byLang[lang]
	if !ok {
		t = byLang["id"]
	}
	for k, v := range vars {
		t = strings.ReplaceAll(t, "{"+k+"}", v)
	}
	return t
}

// emergencyNumber is the local emergency number named in the safety answer,
// by the phone's country (SPEC §7: Indonesia 112 / 119, Korea 119).
func emergencyNumber(phone, region string) string {
	switch {
	case strings.HasPrefix(phone, "+82"):
		return "119"
	case strings.HasPrefix(phone, "+62"):
		return "112 / 119"
	case region == "KR":
		return "119"
	}
	return "112 / 119"
}

// firstName is the first word of a name.
func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import id from './locales/id.json';
import ko from './locales/ko.json';

export const LANGUAGE_STORAGE_KEY = 'prima.language';
export const UI_LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'id', label: 'Bahasa Indonesia' },
  { code: 'ko', label: '한국어' },
] as const;

function initialLanguage(): string {
  const codes: string[] = UI_LANGUAGES.map((l) => l.code);
  try {
    const saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (saved && codes.includes(saved)) return saved;
  } catch {
    // storage unavailable: fall through to the browser language
  }
  const browser = (typeof navigator !== 'undefined' ? navigator.language : 'en').slice(0, 2);
  return codes.includes(browser) ? browser : 'en';
}

export function setLanguage(code: string): void {
  void i18n.changeLanguage(code);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
  } catch {
    // not remembered, still switched
  }
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, id: { translation: id }, ko: { translation: ko } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/renderApp';

describe('language switch', () => {
  it('translates the navigation and remembers the choice', async () => {
    const user = userEvent.setup();
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Patients' })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Language'), 'Bahasa Indonesia');
    const navId = screen.getByRole('navigation', { name: 'Navigasi utama' });
    expect(within(navId).getByRole('link', { name: 'Pasien' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Keluar' })).toBeInTheDocument();
    expect(localStorage.getItem('prima.language')).toBe('id');

    await user.selectOptions(screen.getByLabelText('Bahasa'), '한국어');
    const navKo = screen.getByRole('navigation', { name: '주 메뉴' });
    expect(within(navKo).getByRole('link', { name: '환자' })).toBeInTheDocument();
    expect(within(navKo).queryByRole('link', { name: 'Patients' })).not.toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ko');
  });
});

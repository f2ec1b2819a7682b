import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { adminUser, meFor, patient } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { API, server } from '../../test/server';

// The patient page the form goes on to.
const patientPage = [http.get(`${API}/patients/:id/timeline`, () => HttpResponse.json({ data: [] }))];

describe('patient form and shared phone numbers', () => {
  it('saves a phone another patient has and says so before going on', async () => {
    server.use(
      ...patientPage,
      http.post(`${API}/patients`, () =>
        HttpResponse.json(
          {
            ...patient(9, { name: 'Ani' }),
            warnings: [{ field: 'phone', code: 'duplicate_phone', message: '1 other patient has this phone number', patient_ids: ['p-1'] }],
          },
          { status: 201 },
        ),
      ),
      http.get(`${API}/patients/p-9`, () => HttpResponse.json(patient(9, { name: 'Ani' }))),
    );
    const user = userEvent.setup();
    renderApp('/patients/new');
    await user.type(await screen.findByLabelText(/^name/i), 'Ani');
    await user.type(screen.getByLabelText(/phone number/i), '081234567009');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));

    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Patient saved.');
    expect(notice).toHaveTextContent('1 other patient has the same phone number.');
    expect(screen.getByRole('link', { name: 'Patients with this number' })).toHaveAttribute('href', '/patients?q=6281234567009');
    await user.click(screen.getByRole('link', { name: 'Continue to the patient' }));
    expect(await screen.findByRole('heading', { name: 'Ani' })).toBeInTheDocument();
  });

  it('goes straight to the patient when the answer has no warning', async () => {
    server.use(
      ...patientPage,
      http.post(`${API}/patients`, () => HttpResponse.json(patient(8, { name: 'Budi' }), { status: 201 })),
      http.get(`${API}/patients/p-8`, () => HttpResponse.json(patient(8, { name: 'Budi' }))),
    );
    const user = userEvent.setup();
    renderApp('/patients/new');
    await user.type(await screen.findByLabelText(/^name/i), 'Budi');
    await user.type(screen.getByLabelText(/phone number/i), '081234567008');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByRole('heading', { name: 'Budi' })).toBeInTheDocument();
    expect(screen.queryByText('Patient saved.')).not.toBeInTheDocument();
  });

  it('gives phone examples of the organization region, not of the dashboard language', async () => {
    const kr = meFor(adminUser);
    kr.tenant = { ...kr.tenant, default_region: 'KR', timezone: 'Asia/Seoul' };
    server.use(http.get(`${API}/me`, () => HttpResponse.json(kr)));
    renderApp('/patients/new');
    expect(await screen.findByLabelText(/phone number/i)).toHaveAccessibleDescription(/National \(010…\) or international \(\+8210…\)/);
  });

  it('keeps Indonesian examples in the Korean dashboard of an Indonesian clinic', async () => {
    await i18n.changeLanguage('ko');
    renderApp('/patients/new');
    const phone = await screen.findByLabelText(/전화번호/);
    expect(phone).toHaveAccessibleDescription(/국내 형식\(0812…\) 또는 국제 형식\(\+62812…\)/);
    expect(phone).not.toHaveAccessibleDescription(/010/);
  });

  it('names the region for a region without examples', async () => {
    const us = meFor(adminUser);
    us.tenant = { ...us.tenant, default_region: 'US' };
    server.use(http.get(`${API}/me`, () => HttpResponse.json(us)));
    renderApp('/patients/new');
    expect(await screen.findByLabelText(/phone number/i)).toHaveAccessibleDescription(/read as region US/);
  });
});

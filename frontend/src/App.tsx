import { useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { AuthRoot } from './auth/AuthRoot';
import { MeGate } from './auth/MeGate';
import { createQueryClient } from './lib/queryClient';
import { AppRoutes } from './routes';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthRoot>
        <MeGate>
          <AppRoutes />
        </MeGate>
      </AuthRoot>
    </QueryClientProvider>
  );
}

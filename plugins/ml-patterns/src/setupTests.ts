import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Two shared cores: first renders of lazy MUI/recharts modules can take >1 s.
configure({ asyncUtilTimeout: 5000 });

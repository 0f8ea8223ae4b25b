import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import mlPatternsPlugin from '@ml-patterns/plugin-ml-patterns/alpha';
import { catalogModule } from './modules/catalog';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    notificationsPlugin,
    mlPatternsPlugin,
    catalogModule,
    navModule,
    signInModule,
  ],
});

import { Route, Routes } from 'react-router-dom';
import { sourceFileRouteRef } from '../../routes';
import { MlPatternsPage } from '../MlPatternsPage';
import { SourceFilePage } from '../SourceFilePage';

/**
 * The plugin's pages under its mount path (`/ml-patterns`): the team
 * scorecards and the waivers (tabs of one page), and the source files that
 * local evidence links open.
 *
 * @public
 */
export const MlPatternsRouter = () => (
  <Routes>
    <Route path={sourceFileRouteRef.path} element={<SourceFilePage />} />
    <Route path="/*" element={<MlPatternsPage />} />
  </Routes>
);

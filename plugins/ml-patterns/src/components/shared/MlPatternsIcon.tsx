import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { SvgIconProps } from '@material-ui/core/SvgIcon';

/**
 * The plugin's icon in navigation.
 *
 * @public
 */
export const MlPatternsIcon = (props: SvgIconProps) => (
  <AccountTreeIcon {...props} />
);

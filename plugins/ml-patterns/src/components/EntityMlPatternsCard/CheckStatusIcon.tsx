import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import NotInterestedIcon from '@material-ui/icons/NotInterested';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import { CheckStatus } from '@ml-patterns/plugin-ml-patterns-common';

/** What the checklist shows for a check. */
export type DisplayStatus = CheckStatus;

const LABELS: Record<DisplayStatus, string> = {
  fail: 'Failed',
  pass: 'Passed',
  unknown: "Couldn't verify",
  waived: 'Waived',
  'not-applicable': 'Not applicable',
};

/** A status icon with an accessible label. */
export const CheckStatusIcon = ({ status }: { status: DisplayStatus }) => {
  const common = { titleAccess: LABELS[status], fontSize: 'small' as const };
  switch (status) {
    case 'fail':
      return <ErrorIcon color="error" {...common} />;
    case 'pass':
      return <CheckCircleIcon style={{ color: '#43a047' }} {...common} />;
    case 'unknown':
      return <HelpIcon color="action" {...common} />;
    case 'waived':
      return <RemoveCircleOutlineIcon color="action" {...common} />;
    default:
      return <NotInterestedIcon color="disabled" {...common} />;
  }
};

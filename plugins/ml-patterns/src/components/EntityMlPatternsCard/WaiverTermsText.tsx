import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { WaiverTerms } from '@ml-patterns/plugin-ml-patterns-common';

function isEntityRef(value: string): boolean {
  try {
    parseEntityRef(value);
    return true;
  } catch {
    return false;
  }
}

/** What an active waiver says: until when, why, who approved it, the ticket. */
export const WaiverTermsText = ({ waiver }: { waiver: WaiverTerms }) => (
  <>
    <Typography variant="body2">
      Waived until {waiver.until}: {waiver.reason || 'no reason given'}
    </Typography>
    <Typography variant="body2" color="textSecondary">
      Approved by{' '}
      {isEntityRef(waiver.approvedBy) ? (
        <EntityRefLink entityRef={waiver.approvedBy} />
      ) : (
        waiver.approvedBy
      )}
      {waiver.ticket && (
        <>
          {' · '}
          <Link to={waiver.ticket}>{waiver.ticket}</Link>
        </>
      )}
    </Typography>
  </>
);

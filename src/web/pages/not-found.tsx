/** Any other address under /console (and admin pages for non-admins: the API refuses them anyway). */
import { Link } from 'wouter';
import { useTitle } from '../use-api.js';

export function NotFound() {
  useTitle('Not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no console page at this address. <Link href="/">Go to the overview</Link>.
      </p>
    </>
  );
}

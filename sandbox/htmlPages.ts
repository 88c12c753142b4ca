// HTML that real deployments answer with instead of API output.
import type { PhpValue } from './phpRequest';

export const NOT_FOUND_PAGE = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

/** A maintenance page served with status 200 (what a WAF, host or upgrade screen often does). */
export const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Down for Maintenance</title></head>
<body>
<h1>Down for Maintenance</h1>
<p>We are currently performing maintenance and will be back shortly.</p>
</body>
</html>
`;

/** A PHP fatal error with display_errors on. */
export const FATAL_ERROR_PAGE = `<br />
<b>Fatal error</b>:  Uncaught Error: Call to a member function fetch() on bool in /var/www/whmcs/vendor/whmcs/whmcs-foundation/lib/Database/Capsule.php:91
Stack trace:
#0 /var/www/whmcs/init.php(64): WHMCS\\Database\\Capsule::getConnection()
#1 /var/www/whmcs/includes/api.php(12): require('/var/www/whmcs/...')
#2 {main}
  thrown in <b>/var/www/whmcs/vendor/whmcs/whmcs-foundation/lib/Database/Capsule.php</b> on line <b>91</b><br />
`;

/**
 * A PHP fatal error whose debug output prints the request variables with print_r, as a debug
 * handler or a forgotten print_r($_REQUEST) does: a page that echoes every secret the client sent.
 */
export function requestDumpPage(variables: Iterable<[string, PhpValue]>): string {
  return `<br />\n<b>Fatal error</b>: Request ${printR(variables)}<br />\n`;
}

function printR(variables: Iterable<[string, PhpValue]>): string {
  const items = [...variables].map(([key, value]) => `[${key}] => ${typeof value === 'string' ? value : printR(value.entries())}`);
  return `Array ( ${items.join(' ')} )`;
}

/** What PHP prints before the real output when a notice fires and display_errors is on. */
export const PHP_NOTICE = `<br />\n<b>Notice</b>:  Undefined index: foo in <b>/var/www/whmcs/includes/api.php</b> on line <b>42</b><br />\n`;

export const UTF8_BOM = '\ufeff';

/** Lambda handlers: parse the event, call core, map the result. Nothing else. */
package io.ghostwatch.functions;

/**
 * Renderers: terminal text, stable JSON and Markdown for audits; text, JSON and a PNG chart for connection trends.
 * Everything a server or user supplied is made inert.
 */
package io.ghostwatch.core.render;

/** Renderers: terminal text, stable JSON and Markdown. Everything a server or user supplied is made inert. */
package io.ghostwatch.core.render;

/**
 * The public names of generated code (classes, methods, records and their components), in one place
 * because user code and other generated code call them by these names.
 */
package dev.adjoint.processor.naming;

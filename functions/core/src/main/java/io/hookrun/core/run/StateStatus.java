package io.hookrun.core.run;

/** Where one state execution is. */
public enum StateStatus { RUNNING, SUCCEEDED, FAILED }

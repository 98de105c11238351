package io.hookrun.run;

/** Where one state execution is. */
public enum StateStatus { RUNNING, SUCCEEDED, FAILED }

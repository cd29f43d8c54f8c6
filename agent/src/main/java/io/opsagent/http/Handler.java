package io.opsagent.http;

/** Serves one route. Throw {@link HttpError} for an answer in the contract's error form. */
public interface Handler {
    Reply handle(Request request) throws Exception;
}

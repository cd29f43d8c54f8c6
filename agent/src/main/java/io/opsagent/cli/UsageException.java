package io.opsagent.cli;

/** A command line the CLI cannot run: it prints the message and exits with {@link io.opsagent.cli.attach.Reason#USAGE}. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    /** A pid as typed by the user: a positive number. */
    static long pid(String[] args, String command) throws UsageException {
        if (args.length < 2) {
            throw new UsageException(command + " needs a pid: java -jar opsagent.jar " + command + " <pid>  (find it with 'list')");
        }
        try {
            long pid = Long.parseLong(args[1]);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("'" + args[1] + "' is not a pid; find the pid with 'java -jar opsagent.jar list'");
    }
}

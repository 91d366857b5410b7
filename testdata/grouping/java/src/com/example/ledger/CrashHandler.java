package com.example.ledger;

/**
 * The app's crash handler: an uncaught exception becomes one Bugsnag notify
 * payload on standard output, shaped like bugsnag-android's: every exception
 * of the cause chain with its Throwable.getStackTrace() frames (obfuscated
 * class.method, source file, line), nothing retraced.
 */
final class CrashHandler {
    static void install(String release) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            System.out.println(payload(error, release));
            System.out.flush();
            Runtime.getRuntime().halt(70);
        });
    }

    static String payload(Throwable error, String release) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"apiKey\":\"0123456789abcdef0123456789abcdef\",\"payloadVersion\":\"4.0\",");
        sb.append("\"notifier\":{\"name\":\"crashprint grouping corpus (java)\",\"version\":\"1.0.0\",");
        sb.append("\"url\":\"https://example.invalid\"},\"events\":[{\"exceptions\":[");
        int k = 0;
        for (Throwable t = error; t != null && k < 8; t = t.getCause(), k++) {
            if (k > 0) sb.append(',');
            sb.append("{\"errorClass\":").append(str(t.getClass().getName()));
            sb.append(",\"message\":").append(str(t.getMessage()));
            sb.append(",\"type\":\"android\",\"stacktrace\":[");
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length; i++) {
                StackTraceElement f = frames[i];
                if (i > 0) sb.append(',');
                sb.append("{\"method\":").append(str(f.getClassName() + "." + f.getMethodName()));
                sb.append(",\"file\":").append(str(f.getFileName()));
                if (f.getLineNumber() >= 0) sb.append(",\"lineNumber\":").append(f.getLineNumber());
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append("],\"unhandled\":true,\"severity\":\"error\",\"severityReason\":{\"type\":\"unhandledException\"},");
        sb.append("\"app\":{\"id\":\"com.example.ledger\",\"version\":").append(str(release));
        sb.append(",\"releaseStage\":\"production\",\"type\":\"android\"},");
        sb.append("\"device\":{\"osName\":\"android\",\"time\":").append(str(java.time.Instant.now().toString()));
        sb.append("}}]}");
        return sb.toString();
    }

    private static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

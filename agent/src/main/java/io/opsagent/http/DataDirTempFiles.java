package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes CVE-2022-21230: NanoHTTPD's own temp files go to the shared temp folder, readable by other
 * local users. Ours go to the 0700 data directory, 0600 each, (Files.createTempFile makes them 0600), and are removed after each request.
 * (The agent never asks NanoHTTPD to parse bodies into files, so this is a second line of defence.)
 */
final class DataDirTempFiles implements NanoHTTPD.TempFileManagerFactory {
    private final Path dir;

    DataDirTempFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public NanoHTTPD.TempFileManager create() {
        return new NanoHTTPD.TempFileManager() {
            private final List<NanoHTTPD.TempFile> files = new ArrayList<NanoHTTPD.TempFile>();

            @Override
            public void clear() {
                for (NanoHTTPD.TempFile f : files) {
                    try {
                        f.delete();
                    } catch (Exception ignored) {
                        // the data dir is cleaned at start as well
                    }
                }
                files.clear();
            }

            @Override
            public NanoHTTPD.TempFile createTempFile(String hint) throws Exception {
                final Path p = Files.createTempFile(dir, "request-", ".tmp");
                final OutputStream out = Files.newOutputStream(p);
                NanoHTTPD.TempFile f = new NanoHTTPD.TempFile() {
                    @Override
                    public void delete() throws Exception {
                        out.close();
                        Files.deleteIfExists(p);
                    }

                    @Override
                    public String getName() {
                        return p.toString();
                    }

                    @Override
                    public OutputStream open() {
                        return out;
                    }
                };
                files.add(f);
                return f;
            }
        };
    }
}

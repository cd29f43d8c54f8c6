package io.opsagent.upload;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;

/** The upload keys as they stand when an upload starts (all reloadable: each upload reads them afresh). */
final class UploadSettings {
    final String destination;
    final S3Location location;
    final boolean gzip;
    final long partSize;
    final boolean deleteLocal;
    final long bytesPerSecond;
    final String credentialsFile;

    UploadSettings(AgentConfig c, String awsRegionEnv) {
        destination = c.get(Keys.HEAPDUMP_UPLOAD);
        String region = c.get(Keys.HEAPDUMP_UPLOAD_REGION);
        if (region == null || region.isEmpty()) {
            region = awsRegionEnv != null && !awsRegionEnv.isEmpty() ? awsRegionEnv : "us-east-1";
        }
        location = destination == null ? null
                : new S3Location(destination, c.get(Keys.HEAPDUMP_UPLOAD_ENDPOINT), region, c.get(Keys.HEAPDUMP_UPLOAD_PATH_STYLE));
        gzip = c.get(Keys.HEAPDUMP_UPLOAD_GZIP);
        partSize = c.get(Keys.HEAPDUMP_UPLOAD_PART_SIZE);
        deleteLocal = c.get(Keys.HEAPDUMP_UPLOAD_DELETE_LOCAL);
        bytesPerSecond = c.get(Keys.HEAPDUMP_UPLOAD_RATE);
        credentialsFile = c.get(Keys.HEAPDUMP_UPLOAD_CREDENTIALS_FILE);
    }

    boolean enabled() {
        return location != null;
    }
}

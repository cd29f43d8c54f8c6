package io.opsagent.it.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Folded stacks as a profile answer gives them: {@code root;...;leaf count} per line. */
record Collapsed(List<Stack> stacks) {
    record Stack(List<String> frames, long count) {
        /** The frame nearest the leaf that starts with {@code prefix}, or null. */
        String deepest(String prefix) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                if (frames.get(i).startsWith(prefix)) {
                    return frames.get(i);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return count + " " + String.join(";", frames);
        }
    }

    static Collapsed parse(String text) {
        List<Stack> stacks = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) {
                stacks.add(new Stack(Arrays.asList(line.substring(0, sp).split(";")), Long.parseLong(line.substring(sp + 1).trim())));
            }
        }
        stacks.sort(Comparator.comparingLong(Stack::count).reversed());
        return new Collapsed(stacks);
    }

    Stack heaviest() {
        if (stacks.isEmpty()) {
            throw new AssertionError("the profile has no stacks");
        }
        return stacks.get(0);
    }

    long total() {
        return stacks.stream().mapToLong(Stack::count).sum();
    }
}

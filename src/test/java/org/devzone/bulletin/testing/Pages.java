package org.devzone.bulletin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the dispatcher's pages as a browser would fill their forms. */
public final class Pages {

    private Pages() {}

    /** The value of a form field of a page ({@code _csrf}, {@code _draft}); fails when the page has none. */
    public static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"")
                .matcher(html);
        assertThat(m.find()).as(name + " in the page").isTrue();
        return m.group(1);
    }
}

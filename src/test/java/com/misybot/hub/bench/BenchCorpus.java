package com.misybot.hub.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic English corpus of bench/vector.sh: sentences from hand-written frames (product, marketing, FAQ,
 * support, social media, reviews, release notes, policy) whose slots are filled from vocabularies, each frame wrapped
 * in one of several framings (plain, question, prefixed clause, trailing clause), exact duplicates dropped. Queries are
 * paraphrase-style rewrites of random corpus sentences (synonyms, framing dropped, reworded), never copies.
 */
final class BenchCorpus {

    private static final Map<String, String[]> SLOTS = Map.ofEntries(
            Map.entry("product", new String[] {"the Aurora smart speaker", "our noise-cancelling headphones",
                    "the Trailblazer hiking backpack", "the Pixel-style phone case", "the standing desk",
                    "the espresso machine", "the robot vacuum", "the fitness tracker", "the electric toothbrush",
                    "the ergonomic office chair", "the wireless charging pad", "the mechanical keyboard",
                    "the 4K webcam", "the air purifier", "the cast-iron skillet", "the yoga mat",
                    "the travel adapter", "the smart thermostat", "the e-reader", "the portable projector",
                    "the baby monitor", "the cordless drill", "the running shoes", "the winter parka",
                    "the gaming mouse", "the budget laptop", "the photo printer", "the water bottle",
                    "the language-learning app", "the meal-kit subscription", "the password manager",
                    "the video editing suite", "the cloud backup plan", "the project management tool",
                    "the online course bundle", "the CRM dashboard", "the invoicing software",
                    "the pet camera", "the bike helmet", "the kids' tablet"}),
            Map.entry("feature", new String[] {"battery life", "sound quality", "setup process", "build quality",
                    "price", "customer support", "delivery speed", "mobile app", "dark mode", "offline mode",
                    "two-factor login", "data export", "voice control", "sync across devices", "warranty",
                    "packaging", "user interface", "search function", "notification settings", "screen brightness",
                    "charging speed", "noise level", "water resistance", "size options", "colour choices",
                    "subscription price", "free trial", "return policy", "integration with Slack",
                    "calendar integration", "keyboard shortcuts", "accessibility options", "privacy settings",
                    "onboarding tutorial", "loyalty points", "gift wrapping", "bulk discounts", "API limits"}),
            Map.entry("issue", new String[] {"won't turn on", "keeps disconnecting from Wi-Fi",
                    "arrived with a cracked screen", "charges me twice every month", "logs me out constantly",
                    "shows the wrong delivery date", "drains the battery overnight", "makes a rattling noise",
                    "doesn't sync my contacts", "crashes when I upload a photo", "stopped sending notifications",
                    "was missing the charging cable", "refuses my discount code", "is stuck on the loading screen",
                    "lost all my saved settings", "overheats after an hour", "won't pair with my phone",
                    "sent me the wrong size", "shows an error at checkout", "deleted my playlist",
                    "beeps every few minutes", "won't accept my password reset link", "leaks water at the base",
                    "froze during the firmware update", "double-booked my appointment"}),
            Map.entry("adj", new String[] {"lightweight", "affordable", "durable", "eco-friendly", "sleek",
                    "powerful", "intuitive", "compact", "reliable", "premium", "versatile", "quiet",
                    "fast", "secure", "stylish", "waterproof", "customizable", "energy-efficient", "handmade",
                    "beginner-friendly"}),
            Map.entry("audience", new String[] {"busy parents", "remote workers", "students", "small business owners",
                    "runners", "home cooks", "gamers", "frequent travellers", "new homeowners", "photographers",
                    "teachers", "nurses on night shifts", "freelance designers", "retirees", "dog owners",
                    "startup founders", "music lovers", "outdoor enthusiasts", "software developers",
                    "first-time buyers"}),
            Map.entry("time", new String[] {"yesterday", "last week", "this morning", "two days ago",
                    "over the weekend", "since the last update", "for three weeks", "on Monday", "last night",
                    "a month ago", "right after unboxing", "during my trip", "since January", "every evening"}),
            Map.entry("channel", new String[] {"email", "live chat", "phone", "the help center", "Twitter",
                    "Instagram", "the mobile app", "our community forum", "WhatsApp", "the contact form"}),
            Map.entry("plan", new String[] {"Basic plan", "Pro plan", "Family plan", "Team plan",
                    "Enterprise plan", "Student plan", "annual subscription", "monthly subscription",
                    "free tier", "Premium membership"}),
            Map.entry("number", new String[] {"10", "15", "20", "25", "30", "40", "50", "two", "three", "five",
                    "seven", "twelve", "48", "90", "100"}),
            Map.entry("season", new String[] {"spring", "summer", "autumn", "winter", "holiday season",
                    "Black Friday", "back-to-school season", "Mother's Day", "New Year", "Valentine's Day"}),
            Map.entry("city", new String[] {"London", "Madrid", "Toronto", "Sydney", "Berlin", "Chicago", "Lisbon",
                    "Austin", "Dublin", "Singapore", "Mexico City", "Cape Town", "Seoul", "Denver", "Milan"}),
            Map.entry("emotion", new String[] {"thrilled", "disappointed", "frustrated", "impressed", "surprised",
                    "delighted", "annoyed", "relieved", "confused", "grateful"}),
            Map.entry("benefit", new String[] {"save an hour every day", "sleep better", "cut energy bills",
                    "stay organised", "work from anywhere", "keep the kids entertained", "train smarter",
                    "cook healthier meals", "protect their data", "grow their audience", "close deals faster",
                    "travel light", "focus without distractions", "track every expense", "learn a new language"}),
            Map.entry("action", new String[] {"cancel my order", "change my shipping address", "update my card",
                    "download my invoice", "reset my password", "upgrade my plan", "delete my account",
                    "transfer my license", "pause my subscription", "add a team member", "export my data",
                    "request a refund", "track my parcel", "change the language", "merge two accounts"}),
            Map.entry("name", new String[] {"Maria", "James", "Aisha", "Tom", "Lucía", "Kenji", "Priya", "Oliver",
                    "Fatima", "Noah", "Chloe", "Mateo", "Sofia", "Liam", "Elena"}),
            Map.entry("event", new String[] {"webinar", "product launch", "flash sale", "pop-up store",
                    "live demo", "community meetup", "giveaway", "AMA session", "workshop", "beta program"}),
            Map.entry("version", new String[] {"2.1", "3.0", "3.4", "4.2", "5.0", "5.7", "6.1", "7.3"}),
            Map.entry("change", new String[] {"a faster checkout", "a redesigned dashboard", "offline maps",
                    "shared shopping lists", "smarter search", "bulk editing", "custom reports",
                    "a new widget", "improved accessibility", "automatic backups", "group video calls",
                    "multi-currency support", "a calmer notification centre", "single sign-on"}),
            Map.entry("policy", new String[] {"returns", "refunds", "shipping", "data retention", "cookies",
                    "account sharing", "warranty claims", "price matching", "student discounts",
                    "international orders", "gift cards", "cancellations"}));

    /** Hand-written frames by domain; {slot} names refer to SLOTS. */
    private static final String[] FRAMES = {
            // product descriptions
            "{product} is a {adj} choice for {audience} who want to {benefit}",
            "Designed for {audience}, {product} combines {adj} materials with great {feature}",
            "Meet {product}: {adj}, {adj} and built to help you {benefit}",
            "With improved {feature}, {product} lets {audience} {benefit}",
            "{product} now comes with better {feature} and a {number}-day money-back guarantee",
            "Our engineers rebuilt the {feature} of {product} from the ground up",
            "{product} weighs less than the previous model and its {feature} lasts longer",
            "Compared with cheaper alternatives, {product} wins on {feature} and {feature}",
            "Every {product} is tested for {feature} before it leaves our warehouse",
            "{product} is available in {city} stores from {season}",
            // marketing
            "This {season}, get {number}% off {product} when you sign up for the {plan}",
            "Join our {event} in {city} and see how {product} helps {audience} {benefit}",
            "Limited offer: upgrade to the {plan} and unlock {change}",
            "Thousands of {audience} already use {product} to {benefit}",
            "Don't miss the {event} this {season}, seats are limited to {number} people",
            "Refer a friend and both of you get {number}% off the {plan}",
            "New this {season}: {product} in fresh colours for {audience}",
            "Why {audience} love {product}: {adj} design and outstanding {feature}",
            "Our {season} campaign celebrates {audience} who {benefit}",
            "Sign up before {season} and keep the launch price of the {plan} forever",
            // FAQ
            "How do I {action} if I am on the {plan}",
            "Can I {action} from {channel}",
            "What is your policy on {policy} for customers in {city}",
            "Is {product} covered by the warranty if it {issue}",
            "How long does it take to {action}",
            "Does the {plan} include {change}",
            "Where can I find the {feature} settings for {product}",
            "What happens to my data if I {action}",
            "Do you offer {policy} for orders over {number} items",
            "Which {plan} is best for {audience}",
            "Can {audience} get a discount on {product}",
            "How does {product} compare to the old model in terms of {feature}",
            // support tickets
            "My {product} {issue} and I need help as soon as possible",
            "Hi, {product} {issue}, I already tried restarting it {time}",
            "I contacted you via {channel} {time} because {product} {issue}, but nobody replied",
            "Ticket update: the customer says {product} {issue}",
            "Please escalate: {product} {issue} for a {plan} customer in {city}",
            "I want to {action} because {product} {issue}",
            "Your agent {name} helped me {action} over {channel}, thanks",
            "The replacement {product} {issue} just like the first one",
            "Since version {version}, {product} {issue}",
            "I was charged for the {plan} but I can't {action}",
            "Support resolved my problem with the {feature} in under {number} minutes",
            "Could someone explain why I can't {action} through {channel}",
            // social media
            "Just unboxed {product} and I'm {emotion} with the {feature}",
            "Honestly {emotion} that {product} {issue} {time}",
            "Shout-out to {name} from support for helping me {action}",
            "Who else is going to the {event} in {city} this {season}",
            "Day {number} of using {product}: the {feature} is still {adj}",
            "Can't believe how {adj} {product} is for the price",
            "Hot take: the {feature} matters more than the {feature} when you pick {product}",
            "Posting from {city}, {product} survived the whole trip",
            "Anyone know how to {action} on {product}",
            "{name} recommended {product} and now I {benefit}",
            // reviews
            "Five stars: {product} is {adj} and the {feature} is excellent",
            "Two stars: {product} {issue} after {number} days",
            "I bought {product} for my partner and we were both {emotion}",
            "The {feature} is great but {product} {issue} occasionally",
            "Good value overall, although the {feature} could be better",
            "After {number} weeks with {product}, I would buy it again for the {feature}",
            "Not {adj} enough for {audience}, but fine for casual use",
            "Returned {product} because it {issue}",
            "As one of the {audience}, I found {product} {adj} and easy to use",
            "The {feature} alone makes {product} worth it",
            // release notes and product updates
            "Version {version} adds {change} and fixes a bug where the app {issue}",
            "In release {version} we improved the {feature} and added {change}",
            "Coming soon to the {plan}: {change}",
            "We rolled out {change} to all users in {city}",
            "Known issue in {version}: on some devices the app {issue}",
            "Thanks to feedback from {audience}, we shipped {change}",
            "The {feature} of the mobile app is faster in version {version}",
            "Beta testers can now try {change} before the {event}",
            // policies, shipping, billing
            "Our {policy} policy changed: customers now have {number} days",
            "Orders to {city} ship within {number} business days",
            "You can {action} at any time from the account page",
            "Refunds for the {plan} are processed within {number} days",
            "We never sell your data; read our {policy} policy for details",
            "International customers in {city} pay local taxes at checkout",
            "Gift cards can be used for {product} but not for the {plan}",
            "Free shipping applies to orders over {number} dollars",
            // internal / sales / HR
            "Sales team: {audience} in {city} responded best to the {season} email",
            "The churn rate among {plan} customers dropped after we added {change}",
            "Marketing wants a landing page for {audience} about {product}",
            "Our survey shows {audience} care most about {feature}",
            "The {event} in {city} brought {number} new leads",
            "Next quarter we will focus on {feature} and {change}",
            "Customer success should call {plan} accounts that have not logged in {time}",
            "{name} from the {city} office is running the {event}",
            // how-to and tips
            "Tip: to {benefit}, turn on the {feature} option in {product}",
            "Step one: open the app; step two: {action}",
            "A quick guide for {audience} on getting the most out of {product}",
            "If {product} {issue}, hold the power button for ten seconds",
            "Learn how {audience} use {product} to {benefit}",
            "Three ways to improve the {feature} of {product}",
            "Before you {action}, make sure you have exported your data",
            "Watch our {event} recording to learn about {change}",
            // news and community
            "We are opening a new store in {city} this {season}",
            "Our community in {city} voted {product} the most {adj} gadget of the year",
            "{name} won our {season} giveaway and picked {product}",
            "Thank you to the {number} thousand {audience} who joined us this year",
            "We are hiring support agents in {city} to answer {channel} faster",
            "The {event} raised money for a local school in {city}",
    };

    /** Framings applied around a frame; a frame ending without punctuation gets the framing's ending. */
    private static final String[] FRAMINGS = {
            "%s.", "%s!", "%s?", "Quick question: %s?", "Just so you know, %s.", "%s, according to our latest update.",
            "Update from {name}: %s.", "FYI %s.", "%s - let us know what you think.", "In short, %s.",
            "For {audience}: %s.", "Heads up: %s.",
    };

    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)}");

    private BenchCorpus() {
    }

    static int frames() {
        return FRAMES.length;
    }

    static int framings() {
        return FRAMINGS.length;
    }

    /** {@code n} distinct sentences, the same for the same seed. */
    static List<String> sentences(int n, long seed) {
        Random random = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            String frame = FRAMES[random.nextInt(FRAMES.length)];
            String framing = FRAMINGS[random.nextInt(FRAMINGS.length)];
            String body = fill(frame, random);
            // questions keep a question mark; statements are not turned into questions
            boolean question = body.matches("^(How|Can|What|Is|Where|Do|Does|Which|Could|Who|Anyone) .*");
            if (question != framing.contains("?")) {
                framing = question ? "%s?" : "%s.";
            }
            body = body.replace("My the ", "My ").replace("my the ", "my ").replace("Every the ", "Every ")
                    .replace("My our ", "My ").replace("Every our ", "Every ");
            if (!framing.startsWith("%s") && !keepsCapital(body)) {
                body = Character.toLowerCase(body.charAt(0)) + body.substring(1);
            }
            String sentence = String.format(Locale.ROOT, fill(framing, random), body);
            out.add(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1));
        }
        return new ArrayList<>(out);
    }

    /** The first word is "I", a name or a city. */
    private static boolean keepsCapital(String body) {
        String first = body.split("[ ,:]", 2)[0];
        return first.equals("I") || List.of(SLOTS.get("name")).contains(first)
                || List.of(SLOTS.get("city")).stream().anyMatch(body::startsWith);
    }

    private static String fill(String template, Random random) {
        Matcher m = SLOT.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String[] values = SLOTS.get(m.group(1));
            if (values == null) {
                throw new IllegalStateException("unknown slot " + m.group(1));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(values[random.nextInt(values.length)]));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final String[][] SYNONYMS = {
            {"help", "assistance"}, {"need", "require"}, {"buy", "purchase"}, {"bought", "purchased"},
            {"price", "cost"}, {"cheaper", "less expensive"}, {"fast", "quick"}, {"faster", "quicker"},
            {"great", "fantastic"}, {"excellent", "superb"}, {"good", "decent"}, {"love", "adore"},
            {"customers", "clients"}, {"customer", "client"}, {"users", "people"}, {"new", "brand-new"},
            {"improved", "enhanced"}, {"added", "introduced"}, {"fixes", "resolves"}, {"bug", "defect"},
            {"orders", "purchases"}, {"order", "purchase"}, {"ship", "are dispatched"}, {"days", "days' time"},
            {"store", "shop"}, {"stores", "shops"}, {"easy", "simple"}, {"use", "operate"}, {"using", "with"},
            {"can't", "cannot"}, {"won't", "will not"}, {"doesn't", "does not"}, {"I'm", "I am"},
            {"thanks", "thank you"}, {"Thank you", "Many thanks"}, {"contacted", "reached out to"},
            {"nobody", "no one"}, {"replied", "answered"}, {"find", "locate"}, {"settings", "options"},
            {"discount", "reduction"}, {"off", "discount on"}, {"get", "receive"}, {"want", "would like"},
            {"because", "since"}, {"already", "previously"}, {"tried", "attempted"}, {"restarting", "rebooting"},
            {"guide", "walkthrough"}, {"learn", "find out"}, {"recording", "replay"}, {"opening", "launching"},
            {"hiring", "recruiting"}, {"quickly", "rapidly"}, {"Tip:", "Pro tip:"}, {"broken", "damaged"},
            {"worth it", "worth the money"}, {"Returned", "Sent back"}, {"found", "thought"},
            {"Designed", "Made"}, {"choice", "option"}, {"who", "that"}, {"lets", "allows"}, {"now", "currently"},
            {"comes with", "includes"}, {"Every", "Each"}, {"tested", "checked"}, {"available", "sold"},
            {"limited", "capped"}, {"people", "attendees"}, {"friend", "buddy"}, {"policy", "rules"},
            {"long", "much time"}, {"happens", "occurs"}, {"data", "information"}, {"best", "most suitable"},
            {"helped", "assisted"}, {"problem", "issue"}, {"explain", "tell me"}, {"just", "recently"},
            {"honestly", "truly"}, {"believe", "credit"}, {"matters", "is more important"}, {"trip", "journey"},
            {"recommended", "suggested"}, {"stars", "star rating"}, {"partner", "spouse"}, {"overall", "in general"},
            {"could be better", "needs work"}, {"weeks", "weeks of use"}, {"again", "once more"},
            {"Coming soon", "Arriving shortly"}, {"rolled out", "released"}, {"feedback", "input"},
            {"shipped", "delivered"}, {"changed", "was updated"}, {"processed", "handled"}, {"never", "do not ever"},
            {"sell", "resell"}, {"pay", "are charged"}, {"Free", "No-cost"}, {"responded", "reacted"},
            {"dropped", "fell"}, {"wants", "is asking for"}, {"survey", "poll"}, {"care", "think"},
            {"brought", "generated"}, {"focus", "concentrate"}, {"call", "phone"}, {"running", "organising"},
            {"turn on", "enable"}, {"open", "launch"}, {"make sure", "ensure"}, {"exported", "downloaded"},
            {"voted", "named"}, {"won", "was the winner of"}, {"picked", "chose"}, {"joined", "came to"},
            {"answer", "respond to"}, {"raised money", "collected donations"}, {"Version", "Release"},
    };

    private static final String[] LEADS = {"", "", "", "i was wondering: ", "question - ", "so basically ",
            "looking for info: ", "hey, ", "not sure but ", "search: "};

    /**
     * {@code n} paraphrase-style queries, each a rewrite of a random corpus sentence: framing clause dropped, words
     * replaced by synonyms, lower-cased, punctuation removed, sometimes a conversational lead-in. Returns
     * {@code [query, source index]} pairs.
     */
    static List<Query> queries(List<String> corpus, int n, long seed) {
        Random random = new Random(seed);
        List<Query> out = new ArrayList<>(n);
        while (out.size() < n) {
            int source = random.nextInt(corpus.size());
            String s = corpus.get(source);
            s = s.replaceFirst("^(Quick question|Just so you know|Update from [^:]+|FYI|In short|For [^:]+|Heads up)[:,]? ",
                    "").replaceFirst(", according to our latest update|, - let us know what you think", "")
                    .replace(" - let us know what you think", "");
            int replaced = 0;
            for (String[] pair : SYNONYMS) {
                Pattern word = Pattern.compile("\\b" + Pattern.quote(pair[0]) + "\\b");
                if (word.matcher(s).find() && random.nextInt(4) != 0) {
                    s = word.matcher(s).replaceAll(Matcher.quoteReplacement(pair[1]));
                    replaced++;
                }
            }
            s = s.replaceAll("[.!?]+$", "").replaceAll("[,:;]", "").toLowerCase(Locale.ROOT);
            String q = (LEADS[random.nextInt(LEADS.length)] + s).trim();
            if (replaced == 0) {
                q = "what about " + q;
            }
            if (!q.equalsIgnoreCase(corpus.get(source))) {
                out.add(new Query(q, source));
            }
        }
        return out;
    }

    record Query(String text, int source) {
    }
}

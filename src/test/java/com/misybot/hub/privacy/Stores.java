package com.misybot.hub.privacy;

import com.mongodb.client.MongoClient;
import org.bson.conversions.Bson;

/** What the privacy tests look for in MongoDB: documents of every collection of every database. */
final class Stores {

    private Stores() {
    }

    /** Documents matching {@code filter} across every collection. */
    static long mongoDocuments(MongoClient mongo, Bson filter) {
        long n = 0;
        for (String db : mongo.listDatabaseNames()) {
            for (String collection : mongo.getDatabase(db).listCollectionNames()) {
                n += mongo.getDatabase(db).getCollection(collection).countDocuments(filter);
            }
        }
        return n;
    }
}

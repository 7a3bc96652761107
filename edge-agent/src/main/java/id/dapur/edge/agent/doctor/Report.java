package id.dapur.edge.agent.doctor;

/** Where a check writes what it found, and how a moment is said on the screen. */
interface Report {
    void add(Doctor.Level level, String what, String detail, String todo);

    /** An ISO instant as local time and how long ago. */
    String when(String iso);
}

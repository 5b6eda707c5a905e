import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/use-api.js';
import { createNote, deleteNote, listNotes, updateNote, type JourneyNote, type NoteInput, type NotePatch } from './notes-api.js';

/**
 * Every journey note (they are few: hand-written), loaded once; each write goes to the server
 * and the list takes the server's answer (the stored note), so what shows is what is stored.
 */
export function useNotes() {
  const loaded = useApi<JourneyNote[]>('journey-notes', (signal) => listNotes(signal));
  const [notes, setNotes] = useState<JourneyNote[] | null>(null);
  const data = loaded.status === 'ok' ? loaded.data : null;
  useEffect(() => {
    if (data) setNotes(data);
  }, [data]);
  const add = useCallback(async (input: NoteInput) => {
    const note = await createNote(input);
    setNotes((ns) => [...(ns ?? []), note]);
    return note;
  }, []);
  const update = useCallback(async (id: string, patch: NotePatch) => {
    const note = await updateNote(id, patch);
    setNotes((ns) => (ns ?? []).map((n) => (n.id === id ? note : n)));
    return note;
  }, []);
  const remove = useCallback(async (id: string) => {
    await deleteNote(id);
    setNotes((ns) => (ns ?? []).filter((n) => n.id !== id));
  }, []);
  return { loaded, notes, add, update, remove };
}
export type NotesApi = ReturnType<typeof useNotes>;
